using System.Reflection;
using System.Runtime.InteropServices;

namespace DicomNode.Dicom.Imaging.Codecs;

/// <summary>
/// Finds the native codec libraries under the names each platform gives them: Debian's libcharls2 and
/// libopenjp2-7 packages on Linux, the DLLs beside the program on Windows, Homebrew's dylibs on macOS.
/// A library that is not found leaves its decoder unavailable; nothing is loaded until a decoder asks.
/// </summary>
internal static class NativeCodecLibraries
{
    public const string CharLS = "charls";
    public const string OpenJpeg = "openjp2";

    private static readonly Dictionary<string, string[]> Candidates = new(StringComparer.Ordinal)
    {
        [CharLS] = OperatingSystem.IsWindows() ? ["charls-2-x64.dll", "charls.dll"]
            : OperatingSystem.IsMacOS() ? ["libcharls.2.dylib", "libcharls.dylib"]
            : ["libcharls.so.2", "libcharls.so"],
        [OpenJpeg] = OperatingSystem.IsWindows() ? ["openjp2.dll"]
            : OperatingSystem.IsMacOS() ? ["libopenjp2.7.dylib", "libopenjp2.dylib"]
            : ["libopenjp2.so.7", "libopenjp2.so"],
    };

    private static readonly Lazy<bool> Registered = new(() =>
    {
        NativeLibrary.SetDllImportResolver(typeof(NativeCodecLibraries).Assembly, Resolve);
        return true;
    });

    private static readonly Dictionary<string, Lazy<nint>> Handles = new(StringComparer.Ordinal)
    {
        [CharLS] = new(() => Load(CharLS)),
        [OpenJpeg] = new(() => Load(OpenJpeg)),
    };

    /// <summary>Whether <paramref name="library"/> loads and exports <paramref name="entryPoint"/>; installs the resolver first.</summary>
    public static bool IsPresent(string library, string entryPoint)
    {
        _ = Registered.Value;
        var handle = Handles[library].Value;
        return handle != 0 && NativeLibrary.TryGetExport(handle, entryPoint, out _);
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        Handles.TryGetValue(name, out var handle) ? handle.Value : 0;

    private static nint Load(string library)
    {
        foreach (var candidate in Candidates[library])
        {
            // Beside the program first (the Windows layout), then wherever the platform's loader looks.
            var beside = Path.Combine(AppContext.BaseDirectory, candidate);
            if (File.Exists(beside) && NativeLibrary.TryLoad(beside, out var local))
            {
                return local;
            }

            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                return handle;
            }
        }

        return 0;
    }
}
