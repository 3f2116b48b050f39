namespace DicomNode.Phantom.Vendors;

/// <summary>A scanner after the source papers' tables: equipment, the diffusion and T1 acquisitions and the series it produces.</summary>
internal sealed record VendorProfile(
    string Key,
    string Manufacturer,
    string Model,
    string SoftwareVersions,
    double FieldStrength,
    double ImagingFrequency,
    BValueConvention Convention,
    double HighB,
    AcquisitionProtocol Diffusion,
    AcquisitionProtocol T1,
    SeriesProtocol[] Series);
