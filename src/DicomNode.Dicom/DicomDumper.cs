using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using DicomNode.Dicom.Dictionary;

namespace DicomNode.Dicom;

/// <summary>
/// Renders a data set as text, one element a line: tag, VR, value, length and keyword, nested items
/// indented — the everyday view a DICOM engineer expects from a dump tool.
/// </summary>
public sealed class DicomDumper
{
    private readonly TextWriter _output;
    private readonly int _maxValueLength;

    /// <param name="output">Where lines go.</param>
    /// <param name="maxValueLength">Values longer than this many characters are cut with "..."; 0 for no limit.</param>
    public DicomDumper(TextWriter output, int maxValueLength = 64)
    {
        _output = output;
        _maxValueLength = maxValueLength;
    }

    public void Dump(DicomFile file)
    {
        if (file.HasMetaInformation)
        {
            _output.WriteLine("# File Meta Information");
            Dump(file.FileMetaInformation, 0);
            _output.WriteLine();
        }

        _output.WriteLine($"# Data set: {file.TransferSyntax}");
        Dump(file.Dataset, 0);
    }

    public void Dump(DicomDataset dataset, int depth)
    {
        var indent = new string(' ', depth * 2);
        foreach (var element in dataset.Elements)
        {
            var keyword = Keyword(element.Tag);
            switch (element)
            {
                case DicomSequence sequence:
                    _output.WriteLine($"{indent}{element.Tag} SQ (Sequence with {sequence.Items.Count} item(s))  # {keyword}");
                    for (var i = 0; i < sequence.Items.Count; i++)
                    {
                        _output.WriteLine($"{indent}  (FFFE,E000) Item {i + 1}");
                        Dump(sequence.Items[i], depth + 2);
                    }

                    break;
                case DicomFragmentSequence fragments:
                    _output.WriteLine($"{indent}{element.Tag} {element.VR} (Encapsulated, offset table of {fragments.OffsetTableBytes.Length / 4} entries, {fragments.Fragments.Count} fragment(s))  # {keyword}");
                    for (var i = 0; i < fragments.Fragments.Count; i++)
                    {
                        _output.WriteLine($"{indent}  (FFFE,E000) Fragment {i + 1}  # {fragments.Fragments[i].Length} bytes");
                    }

                    break;
                case DicomValueElement value:
                    var text = Cut(FormatValue(dataset, value, _maxValueLength));
                    _output.WriteLine($"{indent}{element.Tag} {element.VR} [{text}]  # {value.Length}, {dataset.GetValueCount(element.Tag)} {keyword}");
                    break;
            }
        }
    }

    /// <summary>The value as text: decoded strings for text VRs, numbers for numeric VRs, hex bytes otherwise.</summary>
    public static string FormatValue(DicomDataset dataset, DicomValueElement element) => FormatValue(dataset, element, 0);

    /// <summary>As <see cref="FormatValue(DicomDataset, DicomValueElement)"/>, stopping once <paramref name="maxLength"/> characters (0: no limit) are made.</summary>
    public static string FormatValue(DicomDataset dataset, DicomValueElement element, int maxLength)
    {
        var limit = maxLength > 0 ? maxLength + 1 : int.MaxValue;
        var span = element.Bytes.Span;
        var info = DicomVRInfo.Of(element.VR);
        switch (info.Kind)
        {
            case DicomVRKind.Text:
                return dataset.GetString(element.Tag) ?? string.Empty;
            case DicomVRKind.Numeric when element.VR == DicomVR.AT:
                return string.Join('\\', dataset.GetTags(element.Tag).Select(t => $"({t.Group:X4},{t.Element:X4})"));
            case DicomVRKind.Numeric:
                return FormatNumbers(element.VR, span, maxLength);
            default:
                var unit = element.VR switch
                {
                    DicomVR.OW => 2,
                    DicomVR.OF or DicomVR.OL => 4,
                    DicomVR.OD or DicomVR.OV => 8,
                    _ => 1,
                };
                var hex = new StringBuilder();
                for (var i = 0; i + unit <= span.Length && hex.Length < limit; i += unit)
                {
                    if (i > 0)
                    {
                        hex.Append('\\');
                    }

                    for (var b = unit - 1; b >= 0; b--)
                    {
                        hex.Append(span[i + b].ToString("x2", CultureInfo.InvariantCulture));
                    }
                }

                return hex.ToString();
        }
    }

    /// <summary>
    /// Little Endian binary numbers of a numeric VR (US, SS, UL, SL, UV, SV, FL, FD) as text joined by
    /// backslash, floats in round-trip form; stops once <paramref name="maxLength"/> characters (0: no limit) are made.
    /// </summary>
    public static string FormatNumbers(DicomVR vr, ReadOnlySpan<byte> bytes, int maxLength = 0)
    {
        var size = DicomVRInfo.Of(vr).UnitSize;
        var limit = maxLength > 0 ? maxLength + 1 : int.MaxValue;
        var parts = new List<string>();
        for (int i = 0, length = 0; i + size <= bytes.Length && length < limit; i += size)
        {
            parts.Add(FormatNumber(vr, bytes[i..]));
            length += parts[^1].Length + 1;
        }

        return string.Join('\\', parts);
    }

    private static string FormatNumber(DicomVR vr, ReadOnlySpan<byte> span) => vr switch
    {
        DicomVR.US => BinaryPrimitives.ReadUInt16LittleEndian(span).ToString(CultureInfo.InvariantCulture),
        DicomVR.SS => BinaryPrimitives.ReadInt16LittleEndian(span).ToString(CultureInfo.InvariantCulture),
        DicomVR.UL => BinaryPrimitives.ReadUInt32LittleEndian(span).ToString(CultureInfo.InvariantCulture),
        DicomVR.SL => BinaryPrimitives.ReadInt32LittleEndian(span).ToString(CultureInfo.InvariantCulture),
        DicomVR.UV => BinaryPrimitives.ReadUInt64LittleEndian(span).ToString(CultureInfo.InvariantCulture),
        DicomVR.SV => BinaryPrimitives.ReadInt64LittleEndian(span).ToString(CultureInfo.InvariantCulture),
        DicomVR.FL => BinaryPrimitives.ReadSingleLittleEndian(span).ToString("R", CultureInfo.InvariantCulture),
        DicomVR.FD => BinaryPrimitives.ReadDoubleLittleEndian(span).ToString("R", CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(vr), vr, "Not a binary numeric VR."),
    };

    private static string Keyword(DicomTag tag) =>
        DicomDictionary.Lookup(tag)?.Keyword ?? (tag.IsPrivateCreator ? "PrivateCreator" : tag.IsPrivate ? "PrivateTag" : "Unknown");

    private string Cut(string text) =>
        _maxValueLength > 0 && text.Length > _maxValueLength ? string.Concat(text.AsSpan(0, _maxValueLength), "...") : text;
}
