namespace DicomNode.Inference.OnnxRuntime;

/// <summary>Execution providers other than the CPU one, which every build has.</summary>
internal sealed unsafe partial class OrtApi
{
    /// <summary>
    /// Appends the CUDA provider (V2 options) for <paramref name="deviceId"/>. A library without
    /// CUDA, or one whose CUDA provider library or CUDA runtime is missing, fails here.
    /// </summary>
    internal void AppendCudaProvider(nint sessionOptions, int deviceId)
    {
        nint cudaOptions;
        Check(((delegate* unmanaged<nint*, nint>)Function(OrtApiIndex.CreateCudaProviderOptions))(&cudaOptions));
        try
        {
            byte[] key = Utf8z("device_id");
            byte[] value = Utf8z(deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            fixed (byte* k = key)
            fixed (byte* v = value)
            {
                byte* keys = k;
                byte* values = v;
                Check(((delegate* unmanaged<nint, byte**, byte**, nuint, nint>)Function(OrtApiIndex.UpdateCudaProviderOptions))(cudaOptions, &keys, &values, 1));
            }

            Check(((delegate* unmanaged<nint, nint, nint>)Function(OrtApiIndex.SessionOptionsAppendExecutionProviderCudaV2))(sessionOptions, cudaOptions));
        }
        finally
        {
            ((delegate* unmanaged<nint, void>)Function(OrtApiIndex.ReleaseCudaProviderOptions))(cudaOptions);
        }
    }

    /// <summary>
    /// Appends DirectML through the library's exported OrtSessionOptionsAppendExecutionProvider_DML
    /// (dml_provider_factory.h), after the settings DirectML requires: no memory pattern and
    /// sequential execution.
    /// </summary>
    internal void AppendDirectMlProvider(nint sessionOptions, nint appendDmlExport, int deviceId)
    {
        DisableMemPattern(sessionOptions);
        SetSessionExecutionMode(sessionOptions, 0);
        Check(((delegate* unmanaged<nint, int, nint>)appendDmlExport)(sessionOptions, deviceId));
    }
}
