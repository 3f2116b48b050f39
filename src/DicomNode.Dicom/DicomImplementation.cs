namespace DicomNode.Dicom;

/// <summary>How DicomNode identifies itself in meta information and association negotiation (PS3.7 §D.3.3.2).</summary>
public static class DicomImplementation
{
    /// <summary>Our Implementation Class UID, under the UUID-derived root 2.25 (PS3.5 §B.2).</summary>
    public const string ClassUid = "2.25.259507736021924938712047996632969609637";

    /// <summary>Implementation Version Name: up to 16 characters of the default repertoire.</summary>
    public const string VersionName = "DICOMNODE_0_1";
}
