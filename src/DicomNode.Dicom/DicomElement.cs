namespace DicomNode.Dicom;

/// <summary>A data element of a data set (PS3.5 §7.1): a tag, a VR and a value of one of three shapes.</summary>
public abstract class DicomElement
{
    protected DicomElement(DicomTag tag, DicomVR vr)
    {
        Tag = tag;
        VR = vr;
    }

    public DicomTag Tag { get; }

    public DicomVR VR { get; }
}
