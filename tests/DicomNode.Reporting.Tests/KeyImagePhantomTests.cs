using System.Text;
using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Reporting.Inputs;
using DicomNode.Reporting.KeyImages;
using DicomNode.Reporting.Pdf;
using Xunit.Abstractions;

namespace DicomNode.Reporting.Tests;

/// <summary>
/// Key images (Secondary Capture) and the encapsulated PDF report of phantom studies of every vendor profile, judged by
/// dciodvfy, by their attributes, by their pixels and (the PDF) by poppler's pdftotext.
/// </summary>
/// <remarks>
/// Set <c>DICOMNODE_KEYIMAGES_KEEP</c> to a folder to keep the PNGs, the DICOM files and the PDF of each profile there
/// (how docs/key-image.png and docs/report-page.png were made).
/// </remarks>
[Collection(PhantomReportsCollection.Name)]
public sealed class KeyImagePhantomTests(PhantomReports reports, ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 30, 0, TimeSpan.FromHours(1));

    public static TheoryData<string> Profiles => PhantomReports.Profiles;

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task KeyImages_OnePerMetastasisAndSuspiciousNodePlusBoneOverview_PassDciodvfy(string profile)
    {
        var study = reports.Cases[profile];
        var images = Write(study, "seed-a");
        var suspicious = study.Study.Nodes.Count(n => n.Suspicious);
        Assert.True(study.Study.Metastases.Count > 0, "the phantom should have a metastasis");
        Assert.Equal(study.Study.Metastases.Count + suspicious + 1, images.Count);
        var folder = Keep(profile);
        var seriesUids = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < images.Count; n++)
        {
            var path = Path.Combine(folder, $"key-image-{n + 1}.dcm");
            images[n].File.Save(path);
            await File.WriteAllBytesAsync(Path.Combine(folder, $"key-image-{n + 1}.png"), images[n].Picture.Png);
            var verdict = await PeerTools.DciodvfyAsync(path);
            output.WriteLine($"{profile} {images[n].Title}: {verdict.Errors.Count} errors, {verdict.Warnings.Count} warnings");
            foreach (var warning in verdict.Warnings.Distinct())
            {
                output.WriteLine("  " + warning);
            }

            Assert.True(verdict.Errors.Count == 0, string.Join("\n", verdict.Errors));
            var d = images[n].File.Dataset;
            Assert.Equal("1.2.840.10008.5.1.4.1.1.7", d.GetUid(DicomTags.SOPClassUID));
            Assert.Equal("OT", d.GetString(DicomTags.Modality));
            Assert.Equal(["DERIVED", "SECONDARY"], d.GetStrings(DicomTags.ImageType));
            Assert.Equal("YES", d.GetString(DicomTags.BurnedInAnnotation));
            Assert.Equal("WSD", d.GetString(DicomTags.ConversionType));
            Assert.Equal("RGB", d.GetString(DicomTags.PhotometricInterpretation));
            Assert.Equal(3, d.GetUInt16(DicomTags.SamplesPerPixel));
            Assert.Equal(0, d.GetUInt16(DicomTags.PlanarConfiguration));
            Assert.Equal(8, d.GetUInt16(DicomTags.BitsAllocated));
            Assert.Equal(n + 1, d.TryGetInt32(DicomTags.InstanceNumber, out var number) ? number : -1);
            Assert.Equal(study.Series[0].Source.Instance.GetUid(DicomTags.StudyInstanceUID), d.GetUid(DicomTags.StudyInstanceUID));
            Assert.Equal(study.Series[0].Source.Instance.GetString(DicomTags.PatientID), d.GetString(DicomTags.PatientID));
            seriesUids.Add(d.GetUid(DicomTags.SeriesInstanceUID)!);
        }

        Assert.Single(seriesUids);
        Assert.DoesNotContain(seriesUids.Single(), study.Series.Select(s => s.Source.SeriesInstanceUid));
    }

    /// <summary>
    /// The pictures are drawn side by side and PNG-encoded only when asked for: written twice, a study's key images come
    /// in the same order with the same UIDs and pixels, and each PNG decodes to the picture's RGB pixels.
    /// </summary>
    [Theory]
    [MemberData(nameof(Profiles))]
    public void KeyImages_DrawnSideBySide_AreTheSameEachTime_AndTheirPngIsTheirPixels(string profile)
    {
        var study = reports.Cases[profile];

        var first = Write(study, "seed-a");
        var second = Write(study, "seed-a");

        Assert.Equal(first.Select(i => i.Title), second.Select(i => i.Title));
        Assert.Equal(first.Select(i => i.File.Dataset.GetUid(DicomTags.SOPInstanceUID)), second.Select(i => i.File.Dataset.GetUid(DicomTags.SOPInstanceUID)));
        foreach (var (a, b) in first.Zip(second))
        {
            Assert.Equal(a.Picture.Rgb, b.Picture.Rgb);
            using var png = SkiaSharp.SKBitmap.Decode(a.Picture.Png);
            Assert.Equal((a.Picture.Width, a.Picture.Height), (png.Width, png.Height));
            for (var y = 0; y < png.Height; y++)
            {
                for (var x = 0; x < png.Width; x++)
                {
                    var colour = png.GetPixel(x, y);
                    Assert.Equal(Pixel(a.Picture, x, y), (colour.Red, colour.Green, colour.Blue));
                }
            }
        }
    }

    /// <summary>Each metastasis's image references the source slice that holds most of its voxels, counted here from the truth labels.</summary>
    [Theory]
    [MemberData(nameof(Profiles))]
    public void MetastasisImage_ReferencesTheSliceWithMostOfItsVoxels(string profile)
    {
        var study = reports.Cases[profile];
        var images = Write(study, "seed-a");
        foreach (var metastasis in study.Study.Metastases)
        {
            var finding = metastasis.Primary;
            var series = study.Series.Single(s => ReferenceEquals(s.Volume.Geometry, finding.Region.Geometry) || s.Source.Geometry == finding.Region.Geometry);
            var plane = series.Volume.Geometry.Columns * series.Volume.Geometry.Rows;
            var counts = finding.Region.Voxels.GroupBy(v => v / plane).Select(g => (Slice: g.Key, Count: g.Count())).ToList();
            var best = counts.Where(c => c.Count == counts.Max(x => x.Count)).Min(c => c.Slice);
            var image = images.Single(i => i.Title.StartsWith($"Metastasis {metastasis.Number} ", StringComparison.Ordinal));
            var reference = Assert.Single(image.File.Dataset.GetSequence(DicomTags.SourceImageSequence)!.Items);
            Assert.Equal(series.Source.SliceInstanceUids[best], reference.GetUid(DicomTags.ReferencedSOPInstanceUID));
            Assert.Equal(series.Source.SopClassUid, reference.GetUid(DicomTags.ReferencedSOPClassUID));
            Assert.Contains(finding.Side == Side.Left ? "left " : finding.Side == Side.Right ? "right " : " ", image.Title, StringComparison.Ordinal);
        }
    }

    /// <summary>The outline of the finding is drawn in its colour, and the notice band is there only with a notice.</summary>
    [Fact]
    public void MetastasisImage_ShowsItsOutlineInColour_AndTheNoticeOnlyWhenGiven()
    {
        var study = reports.Cases["siemens"];
        var withNotice = Write(study, "seed-a")[0].Picture;
        var without = Write(study, "seed-a", notice: null)[0].Picture;
        Assert.True(Count(withNotice, (255, 64, 64)) > 20, "the first metastasis's outline (red) is drawn");
        var noticeRow = withNotice.Height - 4;
        Assert.Equal((150, 0, 0), Pixel(withNotice, 2, noticeRow));
        Assert.True(without.Height < withNotice.Height);
        Assert.Equal(0, Count(without, (150, 0, 0)));
    }

    /// <summary>Written twice from one seed, the key images and the report get the same UIDs.</summary>
    [Fact]
    public void KeyImagesAndReport_FromOneSeed_GetTheSameUids()
    {
        var study = reports.Cases["ge"];
        var first = Write(study, "seed-a").Select(i => i.File.Dataset.GetUid(DicomTags.SOPInstanceUID)).ToList();
        var again = Write(study, "seed-a").Select(i => i.File.Dataset.GetUid(DicomTags.SOPInstanceUID)).ToList();
        var other = Write(study, "seed-b").Select(i => i.File.Dataset.GetUid(DicomTags.SOPInstanceUID)).ToList();
        Assert.Equal(first, again);
        Assert.Empty(first.Intersect(other));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task PdfReport_PassesDciodvfy_AndCarriesStagingFindingsModelsAndNotice(string profile)
    {
        var study = reports.Cases[profile];
        var images = Write(study, "seed-a");
        var file = new EncapsulatedReportWriter(TestIdentity.Node, TestIdentity.Algorithms, DicomUidGenerator.Derived("seed-a/pdf"), new FixedTime(Now))
            .Write(study.Study, study.Series.Select(s => s.Source).ToList(), images, new OutputOptions { Notice = TestIdentity.DemoNotice });
        var folder = Keep(profile);
        var path = Path.Combine(folder, "report.dcm");
        file.Save(path);
        var verdict = await PeerTools.DciodvfyAsync(path);
        output.WriteLine($"{profile} report: {verdict.Errors.Count} errors, {verdict.Warnings.Count} warnings");
        foreach (var warning in verdict.Warnings.Distinct())
        {
            output.WriteLine("  " + warning);
        }

        Assert.True(verdict.Errors.Count == 0, string.Join("\n", verdict.Errors));
        var d = file.Dataset;
        Assert.Equal("1.2.840.10008.5.1.4.1.1.104.1", d.GetUid(DicomTags.SOPClassUID));
        Assert.Equal("DOC", d.GetString(DicomTags.Modality));
        Assert.Equal("application/pdf", d.GetString(DicomTags.MIMETypeOfEncapsulatedDocument));
        Assert.Equal("YES", d.GetString(DicomTags.BurnedInAnnotation));
        Assert.Equal("18755-9", d.GetSequence(DicomTags.ConceptNameCodeSequence)!.Items[0].GetString(DicomTags.CodeValue));
        var document = ((DicomValueElement)d[DicomTags.EncapsulatedDocument]!).Bytes.ToArray();
        Assert.Equal(0, document.Length % 2);
        Assert.True(d.TryGetInt64(DicomTags.EncapsulatedDocumentLength, out var declared));
        var length = (int)declared;
        Assert.True(length == document.Length || (length == document.Length - 1 && document[^1] == 0));
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(document, 0, 5));

        var pdf = Path.Combine(folder, "report.pdf");
        await File.WriteAllBytesAsync(pdf, document.AsSpan(0, length).ToArray());
        var textPath = Path.Combine(folder, "report.txt");
        var run = await PeerTools.RunAsync("pdftotext", "-enc", "UTF-8", "-layout", pdf, textPath);
        Assert.Equal(0, run.ExitCode);
        var text = (Output: await File.ReadAllTextAsync(textPath, Encoding.UTF8), run.ExitCode);
        Assert.Matches($@"M stage\s+{study.Study.MStage}: {study.Study.Metastases.Count} bone metastas", text.Output);
        Assert.Matches($@"N stage\s+{study.Study.NStage}: {study.Study.SuspiciousNodeCount} suspicious of {study.Study.Nodes.Count} lymph node", text.Output);
        Assert.Contains("not for clinical use", text.Output, StringComparison.Ordinal);
        foreach (var model in TestIdentity.Algorithms.All)
        {
            Assert.Contains(model.Name, text.Output, StringComparison.Ordinal);
        }

        foreach (var image in images)
        {
            Assert.Contains(image.Title[..Math.Min(20, image.Title.Length)], text.Output, StringComparison.Ordinal);
        }
    }

    private static IReadOnlyList<WrittenKeyImage> Write(PhantomCase study, string seed, string? notice = TestIdentity.DemoNotice) =>
        new KeyImageWriter(TestIdentity.Node, DicomUidGenerator.Derived(seed + "/key-images"), new FixedTime(Now))
            .WriteAll(study.Study, study.Series.Select(s => new KeyImageSource(s.Source, s.Volume)).ToList(), new OutputOptions { Notice = notice });

    private string Keep(string profile)
    {
        var keep = Environment.GetEnvironmentVariable("DICOMNODE_KEYIMAGES_KEEP");
        var folder = Path.Combine(string.IsNullOrWhiteSpace(keep) ? Path.Combine(reports.Root, "key-images") : keep, profile);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static (int R, int G, int B) Pixel(RenderedImage image, int x, int y)
    {
        var p = ((y * image.Width) + x) * 3;
        return (image.Rgb[p], image.Rgb[p + 1], image.Rgb[p + 2]);
    }

    private static int Count(RenderedImage image, (int R, int G, int B) colour)
    {
        var count = 0;
        for (var p = 0; p < image.Rgb.Length; p += 3)
        {
            if (image.Rgb[p] == colour.R && image.Rgb[p + 1] == colour.G && image.Rgb[p + 2] == colour.B)
            {
                count++;
            }
        }

        return count;
    }
}
