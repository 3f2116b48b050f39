using System.Reflection;

namespace DicomNode.Dicom;

/// <summary>How DicomNode identifies itself in meta information and association negotiation (PS3.7 §D.3.3.2).</summary>
public static class DicomImplementation
{
    /// <summary>Our Implementation Class UID, under the UUID-derived root 2.25 (PS3.5 §B.2).</summary>
    public const string ClassUid = "2.25.259507736021924938712047996632969609637";

    /// <summary>The product version, from the build (Directory.Build.props), e.g. "0.9.0".</summary>
    public static readonly string Version =
        typeof(DicomImplementation).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(DicomImplementation).Assembly.GetName().Version!.ToString(3);

    /// <summary>Implementation Version Name: "DICOMNODE_" and the version with '_' for '.', at most 16 characters of the default repertoire.</summary>
    public static readonly string VersionName = ("DICOMNODE_" + Version.Replace('.', '_'))[..Math.Min(16, 10 + Version.Length)];
}
