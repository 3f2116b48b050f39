namespace DicomNode.Reporting.Inputs;

/// <summary>What the caller decides about each written object; the defaults suit one result per study.</summary>
public sealed record OutputOptions
{
    /// <summary>Series Number (Type 1 for SEG and SR). Default: SEG 1000 + the source's, SR 2000.</summary>
    public int? SeriesNumber { get; init; }

    public int InstanceNumber { get; init; } = 1;

    /// <summary>
    /// The Series Instance UID to write into; a new one when null. A caller that re-analyses a study gives each
    /// object the series its earlier result had, so that the new instance joins it (the supersede policy of the README).
    /// </summary>
    public string? SeriesInstanceUid { get; init; }

    /// <summary>
    /// The earlier reports of the study this one takes the place of, each with its study: the SR lists them in
    /// Predecessor Documents Sequence (0040,A360). Empty for a first result.
    /// </summary>
    public IReadOnlyList<(string StudyInstanceUid, InstanceReference Instance)> Replaces { get; init; } = [];

    /// <summary>Series Description; a default naming the object and its source when null.</summary>
    public string? SeriesDescription { get; init; }

    /// <summary>
    /// A notice the reader must see, e.g. that the models are the demonstration ones. SEG: Content Description and
    /// Image Comments; SR: a Comment in Qualitative Evaluations.
    /// </summary>
    public string? Notice { get; init; }

    /// <summary>
    /// What the result rests on less than the method asks, one sentence each, e.g. "T1 in-phase missing: bone
    /// metastases from DWI only". SR: a Comment in Qualitative Evaluations each, and Completion Flag PARTIAL; SEG:
    /// Image Comments, after the notice. Empty for a study analysed in full.
    /// </summary>
    public IReadOnlyList<string> Limitations { get; init; } = [];

    /// <summary>
    /// A short note added to every Series Description in parentheses, e.g. "partial: no T1IP"; the description is
    /// shortened so that the note always fits the 64 characters of LO. Null for none.
    /// </summary>
    public string? SeriesQualifier { get; init; }
}
