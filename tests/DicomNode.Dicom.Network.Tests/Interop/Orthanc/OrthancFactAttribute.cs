using DicomNode.Dicom.Network.Tests.Interop.StoreScp;

namespace DicomNode.Dicom.Network.Tests.Interop.Orthanc;

/// <summary>A fact that needs Orthanc and the pydicom test files; skipped, with the reason, where they are missing.</summary>
public sealed class OrthancFactAttribute : FactAttribute
{
    public OrthancFactAttribute()
    {
        if (OrthancPeer.Program is null)
        {
            Skip = "Orthanc is not installed (apt-get install orthanc).";
        }
        else if (!StoreCorpus.Available)
        {
            Skip = $"The pydicom test files are not in {StoreCorpus.Folder} (apt-get install python3-pydicom).";
        }
    }
}
