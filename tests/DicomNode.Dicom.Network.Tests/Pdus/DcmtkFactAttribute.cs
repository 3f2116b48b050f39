namespace DicomNode.Dicom.Network.Tests.Pdus;

/// <summary>A fact that needs DCMTK's echoscu on the PATH; skipped, with the reason shown, where it is not.</summary>
public sealed class DcmtkFactAttribute : FactAttribute
{
    public DcmtkFactAttribute()
    {
        if (Echoscu.Path is null)
        {
            Skip = "DCMTK's echoscu is not on the PATH.";
        }
    }
}
