namespace DicomNode.Phantom.Vendors;

internal enum SeriesContent
{
    Diffusion,
    Adc,
    T1InPhase,
}
