namespace DicomNode.Reporting.Segmentation;

/// <summary>What one SEG object of a series holds.</summary>
public enum SegmentationContent
{
    /// <summary>The bone findings: one segment per bone and side.</summary>
    Bones,

    /// <summary>The bone metastases and the lymph nodes.</summary>
    Lesions,
}
