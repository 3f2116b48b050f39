using System.Buffers;
using System.Diagnostics;
using DicomNode.Inference.OnnxRuntime;

namespace DicomNode.Inference;

/// <summary>Running the model: input checks, a tensor over the caller's buffer, reading outputs.</summary>
public sealed unsafe partial class InferenceSession
{
    /// <summary>
    /// Runs a one-input model on <paramref name="input"/> laid out as <paramref name="shape"/> and
    /// returns the first output's values and shape.
    /// </summary>
    public float[] Run(string inputName, ReadOnlyMemory<float> input, ReadOnlySpan<long> shape, out long[] outputShape)
    {
        Tensor first = RunAll(inputName, input, shape)[0];
        outputShape = first.Shape;
        return first.Data;
    }

    /// <summary>Runs a one-input model on <paramref name="input"/> and returns its first output.</summary>
    public Tensor Run(string inputName, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return RunAll(inputName, input.Data, input.Shape)[0];
    }

    /// <summary>
    /// Runs a one-input model and returns every output, in the order of <see cref="Outputs"/>.
    /// The input is checked against the model's declared shape and type before anything runs.
    /// </summary>
    public IReadOnlyList<Tensor> RunAll(string inputName, ReadOnlyMemory<float> input, ReadOnlySpan<long> shape)
    {
        ArgumentNullException.ThrowIfNull(inputName);
        int inputIndex = CheckInput(inputName, input.Length, shape);

        bool referenced = false;
        var outputs = new nint[Outputs.Count];
        nint inputValue = 0;
        OrtApi api = _environment.Api;
        try
        {
            // Throws ObjectDisposedException once Dispose has run; otherwise keeps the session alive until released.
            _handle.DangerousAddRef(ref referenced);
            using MemoryHandle pin = input.Pin();
            inputValue = api.CreateTensorWithDataAsOrtValue(_environment.CpuMemoryInfo, pin.Pointer,
                (nuint)input.Length * sizeof(float), shape, TensorElementType.Float);

            byte* name = _handle.InputNames[inputIndex];
            nint value = inputValue;
            fixed (nint* outputValues = outputs)
            {
                api.Run(_handle.DangerousGetHandle(), &name, &value, 1, _handle.OutputNames, outputValues, outputs.Length);
            }

            var results = new Tensor[outputs.Length];
            for (int i = 0; i < outputs.Length; i++)
            {
                results[i] = ReadOutput(api, outputs[i], Outputs[i].Name);
            }

            return results;
        }
        finally
        {
            foreach (nint output in outputs)
            {
                api.ReleaseValue(output);
            }

            api.ReleaseValue(inputValue);
            if (referenced)
            {
                _handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Runs zeros of <paramref name="shape"/> (default: the declared shape with 16 for each
    /// dynamic dimension) once, so the first job does not pay for allocation and kernel setup.
    /// </summary>
    public TimeSpan WarmUp(IReadOnlyList<long>? shape = null)
    {
        if (Inputs.Count != 1)
        {
            throw new InvalidOperationException($"model {ModelPath} has {Inputs.Count} inputs; warm-up runs one-input models only");
        }

        long[] dims = shape?.ToArray() ?? Inputs[0].Shape.Select(d => d < 0 ? 16L : d).ToArray();
        long count = 1;
        foreach (long d in dims)
        {
            count = checked(count * d);
        }

        var clock = Stopwatch.StartNew();
        RunAll(Inputs[0].Name, new float[checked((int)count)], dims);
        InferenceLog.WarmedUp(_logger, ModelPath, TensorMetadata.FormatShape(dims), clock.Elapsed.TotalMilliseconds);
        return clock.Elapsed;
    }

    private int CheckInput(string inputName, int length, ReadOnlySpan<long> shape)
    {
        int index = -1;
        for (int i = 0; i < Inputs.Count; i++)
        {
            if (string.Equals(Inputs[i].Name, inputName, StringComparison.Ordinal))
            {
                index = i;
            }
        }

        if (index < 0)
        {
            throw new ArgumentException(
                $"model {ModelPath} has no input '{inputName}'; its inputs: {string.Join("; ", Inputs.Select(i => $"{i.Name} {i}"))}", nameof(inputName));
        }

        if (Inputs.Count != 1)
        {
            throw new ArgumentException(
                $"model {ModelPath} has {Inputs.Count} inputs ({string.Join(", ", Inputs.Select(i => i.Name))}); this call supplies only '{inputName}'", nameof(inputName));
        }

        TensorMetadata expected = Inputs[index];
        string actual = $"{TensorMetadata.FormatShape(shape.ToArray())} float";
        if (expected.ElementType != TensorElementType.Float)
        {
            throw new ArgumentException($"input '{inputName}' of model {ModelPath}: expected {expected}, got {actual}", nameof(shape));
        }

        bool matches = shape.Length == expected.Rank;
        for (int i = 0; matches && i < shape.Length; i++)
        {
            matches = shape[i] > 0 && (expected.Shape[i] < 0 || expected.Shape[i] == shape[i]);
        }

        if (!matches)
        {
            throw new ArgumentException($"input '{inputName}' of model {ModelPath}: expected {expected}, got {actual}", nameof(shape));
        }

        long count = 1;
        foreach (long d in shape)
        {
            count = checked(count * d);
        }

        if (count != length)
        {
            throw new ArgumentException(
                $"input '{inputName}' of model {ModelPath}: shape {actual} holds {count} values but the buffer has {length}", nameof(shape));
        }

        return index;
    }

    private static Tensor ReadOutput(OrtApi api, nint value, string name)
    {
        (TensorElementType type, long[] shape, long count) = api.GetTensorTypeAndShape(value);
        if (type != TensorElementType.Float)
        {
            throw new NotSupportedException($"output '{name}' is {TensorMetadata.FormatType(type)}; only float outputs are read");
        }

        var data = new float[checked((int)count)];
        new ReadOnlySpan<float>(api.GetTensorMutableData(value), data.Length).CopyTo(data);
        return new Tensor(data, shape);
    }
}
