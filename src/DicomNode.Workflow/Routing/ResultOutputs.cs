namespace DicomNode.Workflow.Routing;

/// <summary>The kinds of result object a destination can be sent (its output profile, <see cref="DestinationOptions.Outputs"/>).</summary>
[Flags]
public enum ResultOutputs
{
    None = 0,

    /// <summary>DICOM Segmentation, one per analysed series.</summary>
    Seg = 1,

    /// <summary>The TID 1500 measurement report (Enhanced SR), or the report that the analysis did not run.</summary>
    Sr = 2,

    /// <summary>Key images: a Secondary Capture series with outlines and labels burned in.</summary>
    KeyImages = 4,

    /// <summary>The PDF report as Encapsulated PDF.</summary>
    Pdf = 8,

    /// <summary>What a destination gets when its configuration names no outputs.</summary>
    Default = Seg | Sr | KeyImages,
}
