using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DicomNode.Phantom.Output;

/// <summary>
/// UIDs that are a function of their name, so a rerun with the same seed writes identical files: the first 128 bits of
/// SHA-256 of the name, marked as an RFC 9562 version 8 UUID, written under 2.25 as one decimal integer (PS3.5 §B.2).
/// </summary>
internal static class DeterministicUid
{
    public static string From(params object[] parts)
    {
        var name = "dicomnode-phantom|" + string.Join('|', parts.Select(p => Convert.ToString(p, CultureInfo.InvariantCulture)));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // variant 10
        var value = new UInt128(BinaryPrimitives.ReadUInt64BigEndian(hash), BinaryPrimitives.ReadUInt64BigEndian(hash.AsSpan(8)));
        return "2.25." + value.ToString(CultureInfo.InvariantCulture);
    }
}
