using System.Runtime.InteropServices;

namespace DicomNode.Inference.OnnxRuntime;

/// <summary>
/// The loaded native ONNX Runtime: its file, the version it reports and its C API table.
/// </summary>
public sealed unsafe class OnnxRuntimeLibrary
{
    /// <summary>Environment variable naming the library file (or its folder); overrides the copy beside the assembly.</summary>
    public const string PathVariable = "DICOMNODE_ONNXRUNTIME_PATH";

    private OnnxRuntimeLibrary(string path, nint handle, string version, OrtApi api)
    {
        Path = path;
        Handle = handle;
        Version = version;
        Api = api;
    }

    /// <summary>Full path of the loaded library file.</summary>
    public string Path { get; }

    /// <summary>The version the library reports through GetVersionString, e.g. "1.30.0".</summary>
    public string Version { get; }

    internal nint Handle { get; }

    internal OrtApi Api { get; }

    /// <summary>
    /// Loads the library: <paramref name="configuredPath"/> when given, else the file or folder in
    /// <see cref="PathVariable"/>, else the copy the build placed beside this assembly. A folder
    /// is searched for the platform's library names. Throws <see cref="FileNotFoundException"/>
    /// naming every place searched when none holds the library.
    /// </summary>
    public static OnnxRuntimeLibrary Load(string? configuredPath = null)
    {
        string? requested = string.IsNullOrWhiteSpace(configuredPath) ? Environment.GetEnvironmentVariable(PathVariable) : configuredPath;
        string source = string.IsNullOrWhiteSpace(configuredPath) ? PathVariable : "the configured path";
        var searched = new List<string>();

        string? found = null;
        if (!string.IsNullOrWhiteSpace(requested))
        {
            found = Search(requested, searched);
            if (found is null)
            {
                throw new FileNotFoundException(
                    $"ONNX Runtime library not found at {requested} ({source}); searched: {string.Join(", ", searched)}", requested);
            }
        }
        else
        {
            foreach (string folder in DefaultFolders())
            {
                found = Search(folder, searched);
                if (found is not null)
                {
                    break;
                }
            }

            if (found is null)
            {
                throw new FileNotFoundException(
                    $"ONNX Runtime library not found; searched: {string.Join(", ", searched)}. " +
                    $"Build the solution (it fetches onnxruntime-node from npm) or set {PathVariable} to the library file.");
            }
        }

        return LoadFile(found);
    }

    private static OnnxRuntimeLibrary LoadFile(string path)
    {
        nint handle;
        try
        {
            handle = NativeLibrary.Load(path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new DllNotFoundException($"ONNX Runtime library {path} could not be loaded: {e.Message}", e);
        }

        if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out nint getApiBase))
        {
            NativeLibrary.Free(handle);
            throw new EntryPointNotFoundException($"{path} is not an ONNX Runtime library: it exports no OrtGetApiBase");
        }

        // OrtApiBase { const OrtApi* (*GetApi)(uint32_t); const char* (*GetVersionString)(void); }
        nint* apiBase = ((delegate* unmanaged<nint*>)getApiBase)();
        var getApi = (delegate* unmanaged<uint, nint>)apiBase[0];
        var getVersion = (delegate* unmanaged<byte*>)apiBase[1];
        string version = Marshal.PtrToStringUTF8((nint)getVersion()) ?? "unknown";

        nint table = getApi(OrtApiIndex.ApiVersion);
        if (table == 0)
        {
            NativeLibrary.Free(handle);
            throw new NotSupportedException(
                $"ONNX Runtime {version} at {path} does not provide C API version {OrtApiIndex.ApiVersion}; version 1.{OrtApiIndex.ApiVersion} or later is needed");
        }

        return new OnnxRuntimeLibrary(path, handle, version, new OrtApi(table));
    }

    /// <summary>Address of an export of the library (for provider entry points outside the table).</summary>
    internal bool TryGetExport(string name, out nint address) => NativeLibrary.TryGetExport(Handle, name, out address);

    private static string? Search(string fileOrFolder, List<string> searched)
    {
        string full = System.IO.Path.GetFullPath(fileOrFolder);
        if (File.Exists(full))
        {
            searched.Add(full);
            return full;
        }

        if (!Directory.Exists(full))
        {
            searched.Add(full);
            return null;
        }

        foreach (string name in LibraryNames())
        {
            string candidate = System.IO.Path.Combine(full, name);
            searched.Add(candidate);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static IEnumerable<string> DefaultFolders()
    {
        var folders = new List<string>();
        string? assemblyFolder = System.IO.Path.GetDirectoryName(typeof(OnnxRuntimeLibrary).Assembly.Location);
        foreach (string? folder in new[] { assemblyFolder, AppContext.BaseDirectory })
        {
            if (string.IsNullOrEmpty(folder))
            {
                continue;
            }

            string full = System.IO.Path.GetFullPath(folder);
            string native = System.IO.Path.Combine(full, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
            foreach (string candidate in new[] { full, native })
            {
                if (!folders.Contains(candidate, StringComparer.Ordinal))
                {
                    folders.Add(candidate);
                }
            }
        }

        return folders;
    }

    private static string[] LibraryNames()
    {
        if (OperatingSystem.IsWindows())
        {
            return ["onnxruntime.dll"];
        }

        if (OperatingSystem.IsMacOS())
        {
            return ["libonnxruntime.1.dylib", "libonnxruntime.dylib"];
        }

        return ["libonnxruntime.so.1", "libonnxruntime.so"];
    }
}
