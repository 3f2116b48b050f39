using System.Globalization;
using System.Text;
using DicomNode.Dicom;
using DicomNode.Reporting.Coding;
using DicomNode.Reporting.Inputs;

namespace DicomNode.Reporting.Composite;

/// <summary>
/// A composite instance under construction: its root data set, the modules every output object shares (Patient,
/// General Study, General Equipment, SOP Common), and the text encoding.
/// Text is written as UTF-8 (ISO_IR 192) from the start: every item is created as a child of the root, so strings set
/// on it before it joins a sequence are already encoded with the root's character set. <see cref="ToFile"/> drops
/// Specific Character Set again when every text value turned out ASCII, whose UTF-8 bytes are the default repertoire's.
/// </summary>
internal sealed class CompositeInstance
{
    private const string Utf8 = "ISO_IR 192";

    /// <summary>Patient and General Study attributes of Type 2: present in the output even when the source lacks them.</summary>
    private static readonly DicomTag[] Type2PatientAndStudy =
    [
        DicomTags.PatientName, DicomTags.PatientID, DicomTags.PatientBirthDate, DicomTags.PatientSex,
        DicomTags.StudyDate, DicomTags.StudyTime, DicomTags.ReferringPhysicianName, DicomTags.StudyID, DicomTags.AccessionNumber,
    ];

    /// <summary>Copied when the source has them (Patient, Patient Study and General Study, Type 3).</summary>
    private static readonly DicomTag[] OptionalPatientAndStudy =
    [
        DicomTags.IssuerOfPatientID, DicomTags.PatientBirthTime, DicomTags.PatientComments, DicomTags.PatientIdentityRemoved,
        DicomTags.DeidentificationMethod, DicomTags.PatientAge, DicomTags.PatientSize, DicomTags.PatientWeight, DicomTags.StudyDescription,
    ];

    public CompositeInstance(string sopClassUid, string sopInstanceUid, DateTimeOffset now)
    {
        Now = now;
        Root = new DicomDataset();
        Root.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, Utf8);
        Root.SetUid(DicomTags.SOPClassUID, sopClassUid);
        Root.SetUid(DicomTags.SOPInstanceUID, sopInstanceUid);
        Root.SetDate(DicomTags.InstanceCreationDate, Date);
        Root.SetTime(DicomTags.InstanceCreationTime, Time);
        Root.SetString(DicomTags.TimezoneOffsetFromUTC, DicomVR.SH, FormatOffset(now.Offset));
    }

    public DicomDataset Root { get; }

    public DateTimeOffset Now { get; }

    public DateOnly Date => DateOnly.FromDateTime(Now.DateTime);

    /// <summary>The time to the second: TM with fractions is legal but readers show it needlessly long.</summary>
    public TimeOnly Time => new(Now.Hour, Now.Minute, Now.Second);

    /// <summary>A new, empty item whose text is encoded with the root's character set.</summary>
    public DicomDataset Item() => new() { Parent = Root };

    /// <summary>A Code Sequence Macro item (PS3.3 Table 8.8-1).</summary>
    public DicomDataset Code(CodedConcept concept)
    {
        if (concept.Value.Length > 16)
        {
            throw new ArgumentException($"Code value '{concept.Value}' is longer than 16 characters; it would need Long Code Value.", nameof(concept));
        }

        var item = Item();
        item.SetString(DicomTags.CodeValue, DicomVR.SH, concept.Value);
        item.SetString(DicomTags.CodingSchemeDesignator, DicomVR.SH, concept.Scheme);
        item.SetString(DicomTags.CodeMeaning, DicomVR.LO, Fit(concept.Meaning, 64));
        return item;
    }

    /// <summary>Sets a one-item code sequence on <paramref name="target"/>.</summary>
    public void SetCode(DicomDataset target, DicomTag sequence, CodedConcept concept) => target.SetSequence(sequence, Code(concept));

    /// <summary>
    /// Patient (PS3.3 C.7.1.1) and General Study (C.7.2.1) from a source instance: the same patient and study. Text is
    /// decoded with the source's character set and re-encoded in this instance's.
    /// </summary>
    public void CopyPatientAndStudy(DicomDataset source)
    {
        var study = source.GetUid(DicomTags.StudyInstanceUID);
        if (string.IsNullOrEmpty(study))
        {
            throw new ArgumentException("The source instance has no Study Instance UID (0020,000D).", nameof(source));
        }

        Root.SetUid(DicomTags.StudyInstanceUID, study);
        foreach (var tag in Type2PatientAndStudy)
        {
            Copy(source, tag, required: true);
        }

        foreach (var tag in OptionalPatientAndStudy)
        {
            Copy(source, tag, required: false);
        }
    }

    /// <summary>General Equipment (C.7.5.1) and the Type 1 attributes of Enhanced General Equipment (C.7.5.2).</summary>
    public void SetEquipment(NodeIdentity identity)
    {
        Root.SetString(DicomTags.Manufacturer, DicomVR.LO, Fit(identity.Manufacturer, 64));
        Root.SetString(DicomTags.ManufacturerModelName, DicomVR.LO, Fit(identity.ManufacturerModelName, 64));
        Root.SetString(DicomTags.DeviceSerialNumber, DicomVR.LO, Fit(identity.DeviceSerialNumber, 64));
        Root.SetString(DicomTags.SoftwareVersions, DicomVR.LO, Fit(identity.SoftwareVersions, 64));
        if (!string.IsNullOrWhiteSpace(identity.InstitutionName))
        {
            Root.SetString(DicomTags.InstitutionName, DicomVR.LO, Fit(identity.InstitutionName, 64));
        }
    }

    /// <summary>General Series attributes shared by the SEG and the SR (Modality, UID, number, description, date and time).</summary>
    public void SetSeries(string modality, string seriesInstanceUid, int seriesNumber, string description)
    {
        Root.SetString(DicomTags.Modality, DicomVR.CS, modality);
        Root.SetUid(DicomTags.SeriesInstanceUID, seriesInstanceUid);
        Root.SetIntegerStrings(DicomTags.SeriesNumber, seriesNumber);
        Root.SetString(DicomTags.SeriesDescription, DicomVR.LO, Fit(description, 64));
        Root.SetDate(DicomTags.SeriesDate, Date);
        Root.SetTime(DicomTags.SeriesTime, Time);
    }

    /// <summary>
    /// <paramref name="description"/> followed by " (<paramref name="qualifier"/>)", the description cut so that the
    /// whole stays within LO's 64 characters and the qualifier is never the part cut away.
    /// </summary>
    public static string QualifiedDescription(string description, string? qualifier)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (string.IsNullOrWhiteSpace(qualifier))
        {
            return Fit(description, 64);
        }

        string note = " (" + Fit(qualifier.Trim(), 40) + ")";
        return Fit(description, 64 - Encoding.UTF8.GetByteCount(note)) + note;
    }

    /// <summary>The finished instance in Explicit VR Little Endian.</summary>
    public DicomFile ToFile()
    {
        if (!HasNonAsciiText(Root))
        {
            Root.Remove(DicomTags.SpecificCharacterSet);
        }

        return new DicomFile(Root, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    /// <summary>
    /// A text value cut to the VR's limit (PS3.5 Table 6.2-1), with "..." where it was cut, so that a long
    /// caller-supplied name never makes the object invalid. The limit is counted in UTF-8 bytes, as validators count
    /// it, and the cut never splits a surrogate pair.
    /// </summary>
    public static string Fit(string value, int max)
    {
        if (Encoding.UTF8.GetByteCount(value) <= max)
        {
            return value;
        }

        const string cut = "...";
        var bytes = 0;
        var length = 0;
        while (length < value.Length)
        {
            var step = char.IsHighSurrogate(value[length]) && length + 1 < value.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(value.AsSpan(length, step));
            if (bytes + size + cut.Length > max)
            {
                break;
            }

            bytes += size;
            length += step;
        }

        return string.Concat(value.AsSpan(0, length).TrimEnd(), cut);
    }

    private void Copy(DicomDataset source, DicomTag tag, bool required)
    {
        if (source[tag] is DicomValueElement element && element.Length > 0)
        {
            var vr = element.VR;
            if (DicomVRInfo.Of(vr).Kind == DicomVRKind.Text)
            {
                Root.SetString(tag, vr, source.GetString(tag) ?? string.Empty);
                return;
            }

            Root.SetBytes(tag, vr, element.Bytes);
            return;
        }

        if (required)
        {
            Root.SetString(tag, string.Empty);
        }
    }

    private static bool HasNonAsciiText(DicomDataset dataset)
    {
        foreach (var element in dataset.Elements)
        {
            switch (element)
            {
                case DicomSequence sequence when sequence.Items.Any(HasNonAsciiText):
                    return true;
                case DicomValueElement value when DicomVRInfo.Of(value.VR).UsesCharacterSet && value.Bytes.Span.ContainsAnyInRange((byte)0x80, (byte)0xFF):
                    return true;
            }
        }

        return false;
    }

    private static string FormatOffset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture);
}
