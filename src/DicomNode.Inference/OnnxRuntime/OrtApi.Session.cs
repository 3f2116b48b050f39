using System.Runtime.InteropServices;

namespace DicomNode.Inference.OnnxRuntime;

/// <summary>Session options, sessions and their input/output metadata.</summary>
internal sealed unsafe partial class OrtApi
{
    internal nint CreateSessionOptions()
    {
        nint options;
        Check(((delegate* unmanaged<nint*, nint>)Function(OrtApiIndex.CreateSessionOptions))(&options));
        return options;
    }

    internal void ReleaseSessionOptions(nint options) => Release(OrtApiIndex.ReleaseSessionOptions, options);

    internal void SetIntraOpNumThreads(nint options, int threads) =>
        Check(((delegate* unmanaged<nint, int, nint>)Function(OrtApiIndex.SetIntraOpNumThreads))(options, threads));

    internal void SetInterOpNumThreads(nint options, int threads) =>
        Check(((delegate* unmanaged<nint, int, nint>)Function(OrtApiIndex.SetInterOpNumThreads))(options, threads));

    internal void SetSessionGraphOptimizationLevel(nint options, int level) =>
        Check(((delegate* unmanaged<nint, int, nint>)Function(OrtApiIndex.SetSessionGraphOptimizationLevel))(options, level));

    /// <summary>ExecutionMode: 0 sequential, 1 parallel.</summary>
    internal void SetSessionExecutionMode(nint options, int mode) =>
        Check(((delegate* unmanaged<nint, int, nint>)Function(OrtApiIndex.SetSessionExecutionMode))(options, mode));

    internal void DisableMemPattern(nint options) =>
        Check(((delegate* unmanaged<nint, nint>)Function(OrtApiIndex.DisableMemPattern))(options));

    /// <summary>
    /// CreateSession takes an ORTCHAR_T path: wchar_t (UTF-16) on Windows, char (UTF-8) elsewhere.
    /// </summary>
    internal nint CreateSession(nint env, string modelPath, nint options)
    {
        nint session;
        var create = (delegate* unmanaged<nint, void*, nint, nint*, nint>)Function(OrtApiIndex.CreateSession);
        if (OperatingSystem.IsWindows())
        {
            fixed (char* path = modelPath)
            {
                Check(create(env, path, options, &session));
            }
        }
        else
        {
            byte[] utf8 = Utf8z(modelPath);
            fixed (byte* path = utf8)
            {
                Check(create(env, path, options, &session));
            }
        }

        return session;
    }

    internal void ReleaseSession(nint session) => Release(OrtApiIndex.ReleaseSession, session);

    internal int SessionGetInputCount(nint session) => GetCount(OrtApiIndex.SessionGetInputCount, session);

    internal int SessionGetOutputCount(nint session) => GetCount(OrtApiIndex.SessionGetOutputCount, session);

    internal string SessionGetInputName(nint session, int index, nint allocator) =>
        GetName(OrtApiIndex.SessionGetInputName, session, index, allocator);

    internal string SessionGetOutputName(nint session, int index, nint allocator) =>
        GetName(OrtApiIndex.SessionGetOutputName, session, index, allocator);

    /// <summary>Element type and shape of input or output <paramref name="index"/>; non-tensors report <see cref="TensorElementType.Undefined"/>.</summary>
    internal (TensorElementType ElementType, long[] Shape, bool IsTensor) SessionGetTypeInfo(nint session, int index, bool input)
    {
        nint typeInfo;
        int function = input ? OrtApiIndex.SessionGetInputTypeInfo : OrtApiIndex.SessionGetOutputTypeInfo;
        Check(((delegate* unmanaged<nint, nuint, nint*, nint>)Function(function))(session, (nuint)index, &typeInfo));
        try
        {
            nint tensorInfo;
            Check(((delegate* unmanaged<nint, nint*, nint>)Function(OrtApiIndex.CastTypeInfoToTensorInfo))(typeInfo, &tensorInfo));
            if (tensorInfo == 0)
            {
                // Not a tensor (sequence, map, ...): the info belongs to typeInfo, nothing else to free.
                return (TensorElementType.Undefined, [], false);
            }

            return (GetTensorElementType(tensorInfo), GetDimensions(tensorInfo), true);
        }
        finally
        {
            Release(OrtApiIndex.ReleaseTypeInfo, typeInfo);
        }
    }

    private int GetCount(int function, nint session)
    {
        nuint count;
        Check(((delegate* unmanaged<nint, nuint*, nint>)Function(function))(session, &count));
        return checked((int)count);
    }

    private string GetName(int function, nint session, int index, nint allocator)
    {
        byte* name;
        Check(((delegate* unmanaged<nint, nuint, nint, byte**, nint>)Function(function))(session, (nuint)index, allocator, &name));
        try
        {
            return Marshal.PtrToStringUTF8((nint)name) ?? string.Empty;
        }
        finally
        {
            AllocatorFree(allocator, (nint)name);
        }
    }
}
