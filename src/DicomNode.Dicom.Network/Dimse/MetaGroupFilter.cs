using System.Buffers.Binary;

namespace DicomNode.Dicom.Network.Dimse;

/// <summary>
/// Removes File Meta Information elements (group 0002) from the start of a C-STORE data set as its
/// fragments arrive. PS3.10 §7.1 puts group 0002 in the file's meta header only, and PS3.7 §6.3.1 data
/// sets never carry it; a sender that does so anyway must not be able to override the meta information
/// the receiver writes (e.g. spoof the Source Application Entity Title). Elements are ascending, so only
/// the data set's leading elements can be group 0002; everything from the first other element on passes
/// untouched. A Deflated data set passes whole: its group 0002 elements stay inside the compressed
/// stream, where no reader takes them for meta information.
/// </summary>
internal sealed class MetaGroupFilter
{
    private const ushort MetaGroup = 0x0002;
    private const int ShortHeaderLength = 8;
    private const int LongHeaderLength = 12;

    private readonly bool _explicitVR;
    private readonly bool _bigEndian;
    private readonly byte[] _header = new byte[LongHeaderLength];
    private int _headerFill;
    private long _skip;
    private bool _passing;

    public MetaGroupFilter(DicomTransferSyntax syntax)
    {
        _explicitVR = syntax.IsExplicitVR;
        _bigEndian = syntax.IsBigEndian;
        _passing = syntax.IsDeflated;
    }

    /// <summary>Elements of group 0002 dropped so far.</summary>
    public int Stripped { get; private set; }

    /// <summary>True once a group 0002 element of undefined length was met: it cannot be skipped, the data set is refused.</summary>
    public bool IsInvalid { get; private set; }

    /// <summary>
    /// Filters one fragment; the bytes to keep, in order, go to <paramref name="keep"/> (none, one or two pieces).
    /// </summary>
    public void Filter(ReadOnlyMemory<byte> fragment, List<ReadOnlyMemory<byte>> keep)
    {
        while (!fragment.IsEmpty && !_passing && !IsInvalid)
        {
            if (_skip > 0)
            {
                var skipped = (int)Math.Min(_skip, fragment.Length);
                _skip -= skipped;
                fragment = fragment[skipped..];
                continue;
            }

            var needed = HeaderLength() - _headerFill;
            var take = Math.Min(needed, fragment.Length);
            fragment.Span[..take].CopyTo(_header.AsSpan(_headerFill));
            _headerFill += take;
            fragment = fragment[take..];
            if (_headerFill < 4 || _headerFill < HeaderLength())
            {
                // Not enough for the group yet, or a group 0002 header still incomplete.
                if (_headerFill >= 4 && ReadUInt16(0) != MetaGroup)
                {
                    Pass(keep);
                }

                continue;
            }

            if (ReadUInt16(0) != MetaGroup)
            {
                Pass(keep);
                continue;
            }

            var length = HeaderLength() == LongHeaderLength || !_explicitVR ? ReadUInt32(HeaderLength() - 4) : ReadUInt16(6);
            if (length == uint.MaxValue)
            {
                IsInvalid = true;
                return;
            }

            _skip = length;
            _headerFill = 0;
            Stripped++;
        }

        if (_passing && !fragment.IsEmpty)
        {
            keep.Add(fragment);
        }
    }

    /// <summary>
    /// The data set has ended: bytes still held back (a data set too short to hold one element header) are
    /// kept, so the parser sees them and refuses the truncated data set rather than it silently vanishing.
    /// </summary>
    public void Finish(List<ReadOnlyMemory<byte>> keep)
    {
        if (!_passing && _headerFill > 0)
        {
            Pass(keep);
        }
    }

    private void Pass(List<ReadOnlyMemory<byte>> keep)
    {
        // The header bytes held back belong to the first element of the data set proper.
        keep.Add(_header.AsMemory(0, _headerFill).ToArray());
        _headerFill = 0;
        _passing = true;
    }

    /// <summary>PS3.5 §7.1: implicit VR 8 bytes; explicit VR 8, or 12 for VRs with a 32-bit length.</summary>
    private int HeaderLength()
    {
        if (!_explicitVR || _headerFill < 6)
        {
            return ShortHeaderLength;
        }

        return DicomVRInfo.TryParse(_header.AsSpan(4, 2), out var vr) && !DicomVRInfo.Of(vr).HasLongLength ? ShortHeaderLength : LongHeaderLength;
    }

    private ushort ReadUInt16(int offset) => _bigEndian
        ? BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(offset))
        : BinaryPrimitives.ReadUInt16LittleEndian(_header.AsSpan(offset));

    private uint ReadUInt32(int offset) => _bigEndian
        ? BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(offset))
        : BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(offset));
}
