namespace DicomNode.Inference.Cascade;

/// <summary>
/// One step of a study's cascade for <see cref="CascadeScheduler"/>: a model's inference on one series, or the decision
/// of a group of such runs; it may start once the steps <see cref="After"/> names have ended.
/// </summary>
/// <param name="Name">What the step does, for a reader of a failure ("test-bones on DWI: infer").</param>
/// <param name="Work">
/// The step itself; it runs once, on the scheduler's thread (one at a time) or a thread of its own, and is given how
/// many of the scheduler's places it has: 1, or more when it starts with no other step ready to take them.
/// </param>
/// <param name="After">The indices of the steps it depends on, each lower than its own.</param>
internal sealed record CascadeStep(string Name, Action<int> Work, IReadOnlyList<int> After);
