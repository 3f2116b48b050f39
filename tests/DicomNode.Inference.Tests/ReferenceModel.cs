using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace DicomNode.Inference.Tests;

/// <summary>
/// The reference U-Net under Models/ (random weights, built by make-reference-unet.py) and its
/// saved cases: an input and PyTorch's output for it, as raw little-endian float32.
/// </summary>
internal static class ReferenceModel
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Models");

    public static string OnnxPath => Path.Combine(Folder, "reference-unet.onnx");

    public static ReferenceCase Load(string name)
    {
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "reference-unet.json")));
        JsonElement entry = manifest.RootElement.GetProperty("cases").GetProperty(name);
        long[] inputShape = entry.GetProperty("inputShape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        long[] outputShape = entry.GetProperty("outputShape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        return new ReferenceCase(
            manifest.RootElement.GetProperty("input").GetString()!,
            new Tensor(ReadFloats(entry.GetProperty("inputFile").GetString()!), inputShape),
            new Tensor(ReadFloats(entry.GetProperty("outputFile").GetString()!), outputShape));
    }

    private static float[] ReadFloats(string file)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(Folder, file));
        var values = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return values;
    }

    public static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        float max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = MathF.Max(max, MathF.Abs(a[i] - b[i]));
        }

        return max;
    }
}

internal sealed record ReferenceCase(string InputName, Tensor Input, Tensor ExpectedOutput);
