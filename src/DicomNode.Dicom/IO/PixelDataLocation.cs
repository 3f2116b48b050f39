namespace DicomNode.Dicom.IO;

/// <summary>
/// Where the value of a native Pixel Data (7FE0,0010) element lies in a Part 10 file that was read without it
/// (<see cref="Part10HeaderReader.ReadFile(string, out PixelDataLocation?, Part10HeaderOptions?)"/>): frames are then read
/// from the file by their offset (PS3.5 §8.1.1: native frames follow each other without gaps), one at a time, and never
/// the whole value into memory. Only a Little Endian data set that is not deflated, whose Pixel Data has a defined length,
/// has a location; encapsulated, deflated and Big Endian pixel data must be read with the data set.
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="Offset">Byte offset of the value's first byte from the start of the file (the preamble included).</param>
/// <param name="Length">The element's value length in bytes, as its header states it.</param>
public sealed record PixelDataLocation(string Path, long Offset, long Length)
{
    /// <summary>Reads <paramref name="destination"/>.Length bytes of the value starting at <paramref name="start"/> bytes into it.</summary>
    /// <exception cref="DicomFormatException">The file ends before the bytes asked for.</exception>
    public void Read(long start, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (start + destination.Length > Length)
        {
            throw new DicomFormatException(
                $"bytes {start} to {start + destination.Length} of Pixel Data asked for; its value is {Length} bytes", Offset, DicomTags.PixelData);
        }

        using var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var done = 0;
        while (done < destination.Length)
        {
            var n = RandomAccess.Read(handle, destination[done..], Offset + start + done);
            if (n == 0)
            {
                throw new DicomFormatException(
                    $"the file ends {Offset + start + done} bytes in, inside Pixel Data whose value is said to end at {Offset + Length}", Offset + start + done, DicomTags.PixelData);
            }

            done += n;
        }
    }
}
