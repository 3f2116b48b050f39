using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace DicomNode.Inference;

/// <summary>Running the model: input checks, a tensor over the caller's buffer, reading outputs.</summary>
public sealed partial class InferenceSession
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
        CheckInput(inputName, input.Length, shape);
        Enter();
        try
        {
            // ONNX Runtime reads the input and never writes it; the value pins the memory for its lifetime.
            using OrtValue value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, MemoryMarshal.AsMemory(input), shape.ToArray());
            using var runOptions = new RunOptions();
            using IDisposableReadOnlyCollection<OrtValue> results = _session.Run(runOptions, [inputName], [value], Outputs.Select(o => o.Name).ToArray());
            var tensors = new Tensor[results.Count];
            for (int i = 0; i < tensors.Length; i++)
            {
                tensors[i] = ReadOutput(results[i], Outputs[i].Name);
            }

            return tensors;
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
        {
            throw OnnxRuntimeException.From(e, $"model {ModelPath} failed on {Device}");
        }
        finally
        {
            Exit();
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

    private static Tensor ReadOutput(OrtValue value, string name)
    {
        OrtTensorTypeAndShapeInfo info = value.GetTensorTypeAndShape();
        if (info.ElementDataType != Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float)
        {
            throw new NotSupportedException($"output '{name}' is {TensorMetadata.FormatType((TensorElementType)(int)info.ElementDataType)}; only float outputs are read");
        }

        return new Tensor(value.GetTensorDataAsSpan<float>().ToArray(), info.Shape);
    }
}
