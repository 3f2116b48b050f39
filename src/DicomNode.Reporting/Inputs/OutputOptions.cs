namespace DicomNode.Reporting.Inputs;

/// <summary>What the caller decides about each written object; the defaults suit one result per study.</summary>
public sealed record OutputOptions
{
    /// <summary>Series Number (Type 1 for SEG and SR). Default: SEG 1000 + the source's, SR 2000.</summary>
    public int? SeriesNumber { get; init; }

    public int InstanceNumber { get; init; } = 1;

    /// <summary>Series Description; a default naming the object and its source when null.</summary>
    public string? SeriesDescription { get; init; }

    /// <summary>
    /// A notice the reader must see, e.g. that the models are the demonstration ones. SEG: Content Description and
    /// Image Comments; SR: a Comment in Qualitative Evaluations.
    /// </summary>
    public string? Notice { get; init; }
}
