namespace DicomNode.Evaluation;

/// <summary>The parts of a phantom subject's <c>truth.json</c> that evaluation reads (see src/DicomNode.Phantom/README.md).</summary>
internal sealed record TruthFile(
    string? Subject,
    IReadOnlyList<TruthSeries>? Series,
    IReadOnlyList<TruthMetastasis>? Metastases,
    IReadOnlyList<TruthNode>? LymphNodes,
    TruthStaging? Staging)
{
    /// <exception cref="EvaluationInputException">The file is missing, unreadable, or lacks series or staging.</exception>
    public static TruthFile Read(string path)
    {
        var truth = JsonInput.Read<TruthFile>(path, "the truth");

        if (truth?.Series is null || truth.Staging?.N is null || truth.Staging.M is null)
        {
            throw new EvaluationInputException($"{path}: not a phantom truth file (series and staging are required).");
        }

        return truth;
    }
}

/// <summary>One series of the truth: its DICOM folder (<c>dicom/&lt;name&gt;</c>), content and label files.</summary>
internal sealed record TruthSeries(string? Folder, string? Content, string? BoneLabels, string? LesionLabels)
{
    /// <summary>The series folder's own name, which the prediction's <c>folder</c> repeats.</summary>
    public string Name => Path.GetFileName((Folder ?? string.Empty).TrimEnd('/', '\\'));
}

/// <summary>A true metastasis: id (its value in the lesion file), bone, side, reference volume and whether it counts (≥ 0.2 cm³).</summary>
internal sealed record TruthMetastasis(int Id, string? Bone, string? Side, double VolumeCm3, bool Counts);

/// <summary>A true lymph node: id (100 + index, its value in the lesion file), volume, axes and whether it is suspicious.</summary>
internal sealed record TruthNode(int Id, double VolumeCm3, double ShortAxisMm, double LongAxisMm, bool Suspicious);

/// <summary>The true N and M stage.</summary>
internal sealed record TruthStaging(string? N, string? M);
