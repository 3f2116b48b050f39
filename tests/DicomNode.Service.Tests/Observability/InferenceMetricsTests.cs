using DicomNode.Inference;
using DicomNode.Service.Hosting;
using DicomNode.Service.Tests.Configuration;

namespace DicomNode.Service.Tests.Observability;

/// <summary>
/// /metrics shows, per loaded model session, the provider asked for and the one used, and counts the sessions auto
/// settled on the CPU (issue 21, acceptance e). Runs the bundled bone model (phantom-trained, not for clinical use).
/// </summary>
public sealed class InferenceMetricsTests
{
    [Fact]
    public void Auto_WithoutCuda_IsShownAsAFallbackToTheCpu()
    {
        string model = Path.Combine(NodeSettingsTests.RepositoryRoot(), "models", "pelvic-bones.onnx");
        using var sessions = new InferenceSessionCache();
        InferenceSession session = sessions.GetOrCreate(model, new InferenceSessionOptions { Provider = ExecutionProvider.Auto });
        if (session.Provider != ExecutionProvider.Cpu)
        {
            return; // CUDA started on this machine: there is no fallback to show.
        }

        var gauges = NodeHost.InferenceGauges(sessions).ToList();

        var one = Assert.Single(gauges, g => g.Name == "dicomnode_inference_session");
        Assert.Equal(
            "model=\"pelvic-bones.onnx\",requested=\"auto\",provider=\"cpu\",device=\"CPU\",runtime=\"1.32.0\",fallback=\"true\"", one.Labels);
        Assert.Equal(1, Assert.Single(gauges, g => g.Name == "dicomnode_inference_provider_fallbacks").Value);
    }

    [Fact]
    public void Cpu_AsConfigured_IsNoFallback()
    {
        string model = Path.Combine(NodeSettingsTests.RepositoryRoot(), "models", "pelvic-bones.onnx");
        using var sessions = new InferenceSessionCache();
        sessions.GetOrCreate(model);

        var gauges = NodeHost.InferenceGauges(sessions).ToList();

        Assert.Contains("requested=\"cpu\",provider=\"cpu\"", Assert.Single(gauges, g => g.Name == "dicomnode_inference_session").Labels, StringComparison.Ordinal);
        Assert.Equal(0, Assert.Single(gauges, g => g.Name == "dicomnode_inference_provider_fallbacks").Value);
    }
}
