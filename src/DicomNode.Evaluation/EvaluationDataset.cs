namespace DicomNode.Evaluation;

/// <summary>
/// The subjects to evaluate: every <c>phantom-*</c> folder of the truth with a <c>truth.json</c>, paired with the folder of
/// the same name in the predictions (which may be missing: the subject then counts as failed).
/// </summary>
internal sealed record EvaluationDataset(string TruthRoot, string PredictionRoot, IReadOnlyList<SubjectFolders> Subjects, IReadOnlyList<string> Notes)
{
    public const string SubjectPattern = "phantom-*";

    /// <exception cref="EvaluationInputException">A folder is missing or the truth holds no subject.</exception>
    public static EvaluationDataset Open(string truthRoot, string predictionRoot)
    {
        truthRoot = Path.GetFullPath(truthRoot);
        predictionRoot = Path.GetFullPath(predictionRoot);
        if (!Directory.Exists(truthRoot))
        {
            throw new EvaluationInputException($"{truthRoot}: the truth folder does not exist.");
        }

        if (!Directory.Exists(predictionRoot))
        {
            throw new EvaluationInputException($"{predictionRoot}: the prediction folder does not exist.");
        }

        var notes = new List<string>();
        var subjects = new List<SubjectFolders>();
        foreach (var folder in Directory.GetDirectories(truthRoot, SubjectPattern).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (!File.Exists(Path.Combine(folder, "truth.json")))
            {
                notes.Add($"{name}: no truth.json in {folder}; not evaluated.");
                continue;
            }

            subjects.Add(new SubjectFolders(name, folder, Path.Combine(predictionRoot, name)));
        }

        if (subjects.Count == 0)
        {
            throw new EvaluationInputException($"{truthRoot}: no subject folder ({SubjectPattern}) with a truth.json.");
        }

        var known = subjects.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var folder in Directory.GetDirectories(predictionRoot, SubjectPattern).Order(StringComparer.Ordinal))
        {
            if (!known.Contains(Path.GetFileName(folder)))
            {
                notes.Add($"{Path.GetFileName(folder)}: a prediction without truth; ignored.");
            }
        }

        return new EvaluationDataset(truthRoot, predictionRoot, subjects, notes);
    }
}

/// <summary>One subject's truth folder and prediction folder.</summary>
internal sealed record SubjectFolders(string Name, string Truth, string Prediction)
{
    public string TruthJson => Path.Combine(Truth, "truth.json");

    public string FindingsJson => Path.Combine(Prediction, "findings.json");

    /// <summary>A path from truth.json, relative to the truth folder; refused when it leaves the folder.</summary>
    public string TruthPath(string relative) => Inside(Truth, relative, TruthJson);

    /// <summary>A path from findings.json, relative to the prediction folder; refused when it leaves the folder.</summary>
    public string PredictionPath(string relative) => Inside(Prediction, relative, FindingsJson);

    private static string Inside(string root, string relative, string source)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative));
        var prefix = Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new EvaluationInputException($"{source}: \"{relative}\" points outside {root}.");
        }

        return full;
    }
}
