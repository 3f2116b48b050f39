namespace DicomNode.Phantom.Vendors;

/// <summary>Where a vendor writes the b-value besides the standard Diffusion b-value (0018,9087).</summary>
internal enum BValueConvention
{
    /// <summary>(0043,1039) IS×4 under GEMS_PARM_01, b + 1 000 000 000 in the first value.</summary>
    GE,

    /// <summary>(2001,1003) FL under "Philips Imaging DD 001".</summary>
    Philips,

    /// <summary>(0019,100C) IS under "SIEMENS MR HEADER".</summary>
    Siemens,
}
