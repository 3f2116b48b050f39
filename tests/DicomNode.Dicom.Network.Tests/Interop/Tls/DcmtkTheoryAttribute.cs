using DicomNode.Dicom.Network.Tests.Pdus;

namespace DicomNode.Dicom.Network.Tests.Interop.Tls;

/// <summary>A theory that needs DCMTK on the PATH; skipped, with the reason shown, where it is not.</summary>
public sealed class DcmtkTheoryAttribute : TheoryAttribute
{
    public DcmtkTheoryAttribute()
    {
        if (Echoscu.Path is null)
        {
            Skip = "DCMTK's echoscu is not on the PATH.";
        }
    }
}
