using System.Runtime.InteropServices;
using System.Text;

namespace DicomNode.Inference.OnnxRuntime;

/// <summary>
/// Typed calls through the C API's function table (<c>const OrtApi*</c>). Each method reads the
/// function pointer at <see cref="OrtApiIndex"/> × pointer size and calls it; every returned
/// <c>OrtStatus*</c> goes through <see cref="Check"/>, which turns a failure into an
/// <see cref="OnnxRuntimeException"/> and releases the status.
/// </summary>
/// <remarks>
/// Calls use <c>delegate* unmanaged</c>, the platform's default convention, which is what the
/// header's ORT_API_CALL means: nothing on Linux and macOS, __stdcall on Windows (the same as the
/// C convention on x64 and arm64). Handles are plain <c>nint</c>; the public types own them.
/// </remarks>
internal sealed unsafe partial class OrtApi
{
    private readonly nint* _table;

    internal OrtApi(nint table)
    {
        if (table == 0)
        {
            throw new ArgumentNullException(nameof(table));
        }

        _table = (nint*)table;
    }

    private nint Function(int index) => _table[index];

    /// <summary>Throws when <paramref name="status"/> is not null (null means success).</summary>
    internal void Check(nint status)
    {
        if (status != 0)
        {
            throw TakeException(status);
        }
    }

    /// <summary>Reads code and message of a failed status, releases it, returns the exception.</summary>
    internal OnnxRuntimeException TakeException(nint status)
    {
        var getCode = (delegate* unmanaged<nint, int>)Function(OrtApiIndex.GetErrorCode);
        var getMessage = (delegate* unmanaged<nint, byte*>)Function(OrtApiIndex.GetErrorMessage);
        try
        {
            var code = (OrtErrorCode)getCode(status);
            string message = Marshal.PtrToStringUTF8((nint)getMessage(status)) ?? string.Empty;
            return new OnnxRuntimeException(code, message);
        }
        finally
        {
            ReleaseStatus(status);
        }
    }

    internal nint CreateStatus(OrtErrorCode code, string message)
    {
        byte[] text = Utf8z(message);
        fixed (byte* p = text)
        {
            return ((delegate* unmanaged<int, byte*, nint>)Function(OrtApiIndex.CreateStatus))((int)code, p);
        }
    }

    internal void ReleaseStatus(nint status) => Release(OrtApiIndex.ReleaseStatus, status);

    internal string GetBuildInfoString() =>
        Marshal.PtrToStringUTF8((nint)((delegate* unmanaged<byte*>)Function(OrtApiIndex.GetBuildInfoString))()) ?? string.Empty;

    internal nint CreateEnv(OrtLoggingLevel level, string logId)
    {
        byte[] id = Utf8z(logId);
        nint env;
        fixed (byte* p = id)
        {
            Check(((delegate* unmanaged<int, byte*, nint*, nint>)Function(OrtApiIndex.CreateEnv))((int)level, p, &env));
        }

        return env;
    }

    internal void ReleaseEnv(nint env) => Release(OrtApiIndex.ReleaseEnv, env);

    internal nint GetAllocatorWithDefaultOptions()
    {
        nint allocator;
        Check(((delegate* unmanaged<nint*, nint>)Function(OrtApiIndex.GetAllocatorWithDefaultOptions))(&allocator));
        return allocator;
    }

    internal void AllocatorFree(nint allocator, nint pointer) =>
        Check(((delegate* unmanaged<nint, nint, nint>)Function(OrtApiIndex.AllocatorFree))(allocator, pointer));

    internal IReadOnlyList<string> GetAvailableProviders()
    {
        byte** names;
        int count;
        Check(((delegate* unmanaged<byte***, int*, nint>)Function(OrtApiIndex.GetAvailableProviders))(&names, &count));
        try
        {
            var providers = new string[count];
            for (int i = 0; i < count; i++)
            {
                providers[i] = Marshal.PtrToStringUTF8((nint)names[i]) ?? string.Empty;
            }

            return providers;
        }
        finally
        {
            Check(((delegate* unmanaged<byte**, int, nint>)Function(OrtApiIndex.ReleaseAvailableProviders))(names, count));
        }
    }

    private void Release(int index, nint handle)
    {
        if (handle != 0)
        {
            ((delegate* unmanaged<nint, void>)Function(index))(handle);
        }
    }

    internal static byte[] Utf8z(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
