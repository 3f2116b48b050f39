using DicomNode.Imaging.IO;
using DicomNode.Phantom.Montage;
using DicomNode.Phantom.Vendors;
using SkiaSharp;

namespace DicomNode.Phantom.Tests;

public sealed class MontageTests
{
    [Fact]
    public void Montage_OfAStudyWithMetastasesAndNodes_ShowsTheirContoursAndTheBonesInTheirColours()
    {
        var root = Directory.CreateTempSubdirectory("phantom-montage-").FullName;
        try
        {
            // Seed 3: N1 M1b, metastases and lymph nodes (the evaluate tests use it for the same reason).
            var study = PhantomGenerator.Create(3, VendorProfiles.Find("ge"), root);
            Assert.NotEmpty(study.Subject.Metastases);
            Assert.NotEmpty(study.Subject.Nodes);

            using var bitmap = SKBitmap.Decode(MontageRenderer.Render(study));

            Assert.NotNull(bitmap);
            Assert.Equal((5 * MontageRenderer.Tile, 4 * MontageRenderer.Tile), (bitmap.Width, bitmap.Height));
            var colours = new HashSet<SKColor>();
            var greys = new HashSet<byte>();
            for (int y = 0; y < bitmap.Height; y++)
            {
                for (int x = 0; x < bitmap.Width; x++)
                {
                    var c = bitmap.GetPixel(x, y);
                    colours.Add(c);
                    if (c.Red == c.Green && c.Green == c.Blue)
                    {
                        greys.Add(c.Red);
                    }
                }
            }

            Assert.Contains(MontageRenderer.Metastasis, colours);
            Assert.Contains(MontageRenderer.Node, colours);
            Assert.True(MontageRenderer.LabelColours.Skip(1).Count(colours.Contains) >= 6, "most bone labels outlined in their colours");
            Assert.True(greys.Count > 200, $"the images in grey, windowed: {greys.Count} grey levels");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Crc32_MatchesTheKnownCheckValue()
    {
        // The standard check value of CRC-32 over "123456789".
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8, []));
    }

    [Fact]
    public async Task Png_IsDecodedByAnIndependentReader()
    {
        var pixels = Enumerable.Range(0, 12 * 7).Select(i => (byte)(i % 3)).ToArray();
        var png = PngEncoder.EncodeIndexed(pixels, 12, 7, [(0, 0, 0), (255, 0, 0), (0, 0, 255)]);
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".png");
        File.WriteAllBytes(path, png);
        try
        {
            // Python's zlib and struct, not our code: walk the chunks, check each CRC, inflate IDAT, undo the Sub filter.
            const string Script = """
import sys, struct, zlib
d = open(sys.argv[1], 'rb').read(); assert d[:8] == b'\x89PNG\r\n\x1a\n'
p = 8; idat = b''
while p < len(d):
    n, t = struct.unpack('>I4s', d[p:p+8]); body = d[p+8:p+8+n]
    assert zlib.crc32(t + body) == struct.unpack('>I', d[p+8+n:p+12+n])[0], t
    if t == b'IHDR': w, h = struct.unpack('>II', body[:8])
    if t == b'IDAT': idat += body
    p += 12 + n
raw = zlib.decompress(idat); out = []
for y in range(h):
    row = raw[y*(w+1):(y+1)*(w+1)]; assert row[0] == 1; prev = 0
    for x in range(w): prev = (prev + row[1+x]) & 255; out.append(prev)
print(','.join(map(str, out)))
""";
            var result = await ExternalTool.RunAsync("/usr/bin/python3", "-c", Script, path);
            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Equal(string.Join(',', pixels), result.Output.Trim());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
