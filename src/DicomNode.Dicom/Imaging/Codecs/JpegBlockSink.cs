using System.Runtime.CompilerServices;
using JpegLibrary;

namespace DicomNode.Dicom.Imaging.Codecs;

/// <summary>
/// Receives JpegLibrary's 8 × 8 blocks of decoded samples, already upsampled to full resolution and level-shifted
/// back (T.81 §A.3.1), and writes them color-by-pixel into one array, cutting off the blocks' padding at the edges.
/// </summary>
internal sealed class JpegBlockSink(int[] samples, int width, int height, int components) : JpegBlockOutputWriter
{
    public override void WriteBlock(ref short blockRef, int componentIndex, int x, int y)
    {
        var rows = Math.Min(8, height - y);
        var columns = Math.Min(8, width - x);
        for (var row = 0; row < rows; row++)
        {
            var at = ((((y + row) * width) + x) * components) + componentIndex;
            for (var column = 0; column < columns; column++)
            {
                samples[at + (column * components)] = Unsafe.Add(ref blockRef, (row * 8) + column);
            }
        }
    }
}
