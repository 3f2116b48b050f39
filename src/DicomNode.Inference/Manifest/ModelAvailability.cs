namespace DicomNode.Inference.Manifest;

/// <summary>Whether a manifest entry's model file can be run.</summary>
public enum ModelAvailability
{
    Available,

    /// <summary>The file named by the entry is not there (a manifest may describe models not yet installed).</summary>
    FileMissing,

    /// <summary>The file is there but its SHA-256 is not the manifest's: never run it.</summary>
    HashMismatch,
}
