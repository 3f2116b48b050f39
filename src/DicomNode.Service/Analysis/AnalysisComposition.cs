using System.Security.Cryptography;
using System.Text;
using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Imaging.Selection;
using DicomNode.Inference;
using DicomNode.Inference.Manifest;
using DicomNode.Reporting.Inputs;
using DicomNode.Service.Configuration;
using DicomNode.Workflow.Pipeline;
using Microsoft.Extensions.Logging;

namespace DicomNode.Service.Analysis;

/// <summary>Builds the study pipeline from the node's settings: the manifest, the ONNX sessions, the thresholds, the node's identity.</summary>
internal static class AnalysisComposition
{
    /// <summary>At most 64 characters: it also goes into LO attributes (the SEG's Content Description).</summary>
    public const string DemonstrationNotice = "Demonstration models (synthetic phantoms); not for clinical use";

    public static StudyPipeline Create(NodeSettings settings, InferenceSessionCache sessions, ILogger logger, bool writeFindingsFiles = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ModelManifest manifest = ModelManifest.Load(settings.Models.ResolveManifest());
        var options = new StudyPipelineOptions
        {
            Thresholds = new AnalysisThresholds(settings.Analysis.MinimumMetastasisVolumeCm3, settings.Analysis.SuspiciousShortAxisMm),
            ShareBonesWithinAcquisition = settings.Analysis.ShareBonesWithinAcquisition,
            Selection = SelectionRules.Default with
            {
                TargetBValueMin = settings.Analysis.TargetBValueMin,
                TargetBValueMax = settings.Analysis.TargetBValueMax,
            },
            WriteFindingsFiles = writeFindingsFiles,
            ConcurrentRuns = settings.Models.ConcurrentRuns,
        };
        var inference = new InferenceSessionOptions
        {
            Provider = Enum.Parse<ExecutionProvider>(settings.Models.ExecutionProvider, ignoreCase: true),
            IntraOpThreads = settings.Models.IntraOpThreads,
            DeviceId = settings.Models.DeviceId,
        };
        // The bundled models carry "phantom" in their version; every object made with them says what they are.
        string? notice = manifest.Models.Any(m => m.Version.Contains("phantom", StringComparison.OrdinalIgnoreCase)) ? DemonstrationNotice : null;
        var writer = new StudyResultWriter(Identity(settings), new DicomUidGenerator(), notice);
        return new StudyPipeline(manifest, sessions, writer, options, inference, logger);
    }

    /// <summary>The node as equipment and device observer; the observer UID is derived from the AE title and data folder, so it stays the same for an installation.</summary>
    public static NodeIdentity Identity(NodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string installation = $"{settings.Node.AeTitle}|{Path.GetFullPath(settings.Node.DataDirectory)}";
        string name = "dicomnode-device-observer/" + installation;
        string observer = DicomUidGenerator.FromName(name);
        string serial = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 6));
        return new NodeIdentity("DicomNode", "DicomNode pelvic MR analysis", serial, DicomImplementation.Version, observer, settings.Node.AeTitle);
    }
}
