using System.Runtime.InteropServices;

namespace DicomNode.Inference.OnnxRuntime;

/// <summary>
/// Owns an OrtSession and the native UTF-8 copies of its input and output names that Run reads.
/// A SafeHandle, so a Run in progress (which holds a reference) finishes before the session is
/// released, however Dispose and Run interleave.
/// </summary>
internal sealed unsafe class OrtSessionHandle : SafeHandle
{
    private readonly OrtApi _api;
    private byte** _inputNames;
    private byte** _outputNames;
    private int _inputCount;
    private int _outputCount;

    internal OrtSessionHandle(OrtApi api, nint session)
        : base(0, ownsHandle: true)
    {
        _api = api;
        SetHandle(session);
    }

    public override bool IsInvalid => handle == 0;

    internal byte** InputNames => _inputNames;

    internal byte** OutputNames => _outputNames;

    internal void SetNames(IReadOnlyList<string> inputs, IReadOnlyList<string> outputs)
    {
        _inputNames = Allocate(inputs);
        _inputCount = inputs.Count;
        _outputNames = Allocate(outputs);
        _outputCount = outputs.Count;
    }

    protected override bool ReleaseHandle()
    {
        _api.ReleaseSession(handle);
        Free(_inputNames, _inputCount);
        Free(_outputNames, _outputCount);
        _inputNames = null;
        _outputNames = null;
        return true;
    }

    private static byte** Allocate(IReadOnlyList<string> names)
    {
        var table = (byte**)NativeMemory.AllocZeroed((nuint)Math.Max(1, names.Count), (nuint)sizeof(nint));
        for (int i = 0; i < names.Count; i++)
        {
            byte[] utf8 = OrtApi.Utf8z(names[i]);
            table[i] = (byte*)NativeMemory.Alloc((nuint)utf8.Length);
            utf8.CopyTo(new Span<byte>(table[i], utf8.Length));
        }

        return table;
    }

    private static void Free(byte** table, int count)
    {
        if (table is null)
        {
            return;
        }

        for (int i = 0; i < count; i++)
        {
            NativeMemory.Free(table[i]);
        }

        NativeMemory.Free(table);
    }
}
