using System.Text;

namespace DicomNode.Dicom.Network.Tests.Pdus;

/// <summary>Assembles golden byte arrays from bytes, byte arrays and ASCII strings, in order.</summary>
internal static class Bytes
{
    public static byte[] Of(params object[] parts)
    {
        var bytes = new List<byte>();
        foreach (object part in parts)
        {
            switch (part)
            {
                case byte b:
                    bytes.Add(b);
                    break;
                case int i:
                    bytes.Add(checked((byte)i));
                    break;
                case byte[] array:
                    bytes.AddRange(array);
                    break;
                case string ascii:
                    bytes.AddRange(Encoding.ASCII.GetBytes(ascii));
                    break;
                default:
                    throw new ArgumentException($"Cannot assemble a {part.GetType().Name}.");
            }
        }

        return bytes.ToArray();
    }

    public static byte[] Zeros(int count) => new byte[count];

    /// <summary>An AE title field: 16 bytes, space padded.</summary>
    public static byte[] AeTitle(string title) => Encoding.ASCII.GetBytes(title.PadRight(16));
}
