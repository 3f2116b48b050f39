namespace DicomNode.Installer.Tests;

/// <summary>A fact about the Linux installer: skipped on other systems, where there is no systemd or bash.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "The Linux installer is checked on Linux only.";
        }
    }
}
