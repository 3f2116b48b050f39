namespace DicomNode.Dicom.Network.Tests.Interop.StoreScp;

/// <summary>A fact that needs DCMTK's storescp and the pydicom test files; skipped, with the reason, where they are missing.</summary>
public sealed class StorescpFactAttribute : FactAttribute
{
    public StorescpFactAttribute()
    {
        if (StorescpPeer.Program is null)
        {
            Skip = "DCMTK's storescp is not installed (apt-get install dcmtk).";
        }
        else if (!StoreCorpus.Available)
        {
            Skip = $"The pydicom test files are not in {StoreCorpus.Folder} (apt-get install python3-pydicom).";
        }
    }
}
