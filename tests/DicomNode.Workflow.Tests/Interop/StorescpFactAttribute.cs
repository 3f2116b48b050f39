namespace DicomNode.Workflow.Tests.Interop;

/// <summary>A fact that needs DCMTK's storescp; skipped, with the reason, where it is missing.</summary>
public sealed class StorescpFactAttribute : FactAttribute
{
    public StorescpFactAttribute()
    {
        if (Storescp.Program is null)
        {
            Skip = "DCMTK's storescp is not installed (apt-get install dcmtk).";
        }
    }
}
