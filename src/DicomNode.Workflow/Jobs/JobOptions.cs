namespace DicomNode.Workflow.Jobs;

/// <summary>Configuration of the job runner (bound by the host, section e.g. "Jobs").</summary>
public sealed record JobOptions
{
    /// <summary>At most this many jobs run at once; read when <see cref="JobRunner.RunAsync"/> starts. Default 1 (one GPU).</summary>
    public int MaxConcurrency { get; init; } = 1;

    public IReadOnlyList<string> Validate(string section = "Jobs")
    {
        var errors = new List<string>();
        if (MaxConcurrency is < 1 or > 64)
        {
            errors.Add($"{section}:MaxConcurrency is {MaxConcurrency}; set it between 1 and 64 (1 for one GPU).");
        }

        return errors;
    }
}
