namespace DicomNode.Inference.OnnxRuntime;

/// <summary>Memory info, tensors over caller buffers, Run and reading outputs.</summary>
internal sealed unsafe partial class OrtApi
{
    private const int OrtArenaAllocator = 1;
    private const int OrtMemTypeDefault = 0;

    internal nint CreateCpuMemoryInfo()
    {
        nint info;
        Check(((delegate* unmanaged<int, int, nint*, nint>)Function(OrtApiIndex.CreateCpuMemoryInfo))(OrtArenaAllocator, OrtMemTypeDefault, &info));
        return info;
    }

    internal void ReleaseMemoryInfo(nint info) => Release(OrtApiIndex.ReleaseMemoryInfo, info);

    /// <summary>
    /// An OrtValue that reads <paramref name="data"/> in place: the caller keeps the buffer pinned
    /// and alive until the value is released.
    /// </summary>
    internal nint CreateTensorWithDataAsOrtValue(nint memoryInfo, void* data, nuint byteCount, ReadOnlySpan<long> shape, TensorElementType type)
    {
        nint value;
        fixed (long* dims = shape)
        {
            Check(((delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)Function(OrtApiIndex.CreateTensorWithDataAsOrtValue))(
                memoryInfo, data, byteCount, dims, (nuint)shape.Length, (int)type, &value));
        }

        return value;
    }

    internal void ReleaseValue(nint value) => Release(OrtApiIndex.ReleaseValue, value);

    internal void Run(nint session, byte** inputNames, nint* inputs, int inputCount, byte** outputNames, nint* outputs, int outputCount) =>
        Check(((delegate* unmanaged<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint>)Function(OrtApiIndex.Run))(
            session, 0, inputNames, inputs, (nuint)inputCount, outputNames, (nuint)outputCount, outputs));

    internal void* GetTensorMutableData(nint value)
    {
        void* data;
        Check(((delegate* unmanaged<nint, void**, nint>)Function(OrtApiIndex.GetTensorMutableData))(value, &data));
        return data;
    }

    /// <summary>Element type, shape and element count of a tensor value.</summary>
    internal (TensorElementType ElementType, long[] Shape, long ElementCount) GetTensorTypeAndShape(nint value)
    {
        nint info;
        Check(((delegate* unmanaged<nint, nint*, nint>)Function(OrtApiIndex.GetTensorTypeAndShape))(value, &info));
        try
        {
            nuint count;
            Check(((delegate* unmanaged<nint, nuint*, nint>)Function(OrtApiIndex.GetTensorShapeElementCount))(info, &count));
            return (GetTensorElementType(info), GetDimensions(info), checked((long)count));
        }
        finally
        {
            Release(OrtApiIndex.ReleaseTensorTypeAndShapeInfo, info);
        }
    }

    private TensorElementType GetTensorElementType(nint tensorInfo)
    {
        int type;
        Check(((delegate* unmanaged<nint, int*, nint>)Function(OrtApiIndex.GetTensorElementType))(tensorInfo, &type));
        return (TensorElementType)type;
    }

    private long[] GetDimensions(nint tensorInfo)
    {
        nuint rank;
        Check(((delegate* unmanaged<nint, nuint*, nint>)Function(OrtApiIndex.GetDimensionsCount))(tensorInfo, &rank));
        var dims = new long[checked((int)rank)];
        fixed (long* p = dims)
        {
            Check(((delegate* unmanaged<nint, long*, nuint, nint>)Function(OrtApiIndex.GetDimensions))(tensorInfo, p, rank));
        }

        return dims;
    }
}
