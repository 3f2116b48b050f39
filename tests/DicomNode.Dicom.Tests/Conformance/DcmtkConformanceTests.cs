using System.Buffers.Binary;
using DicomNode.Dicom.IO;
using Xunit.Abstractions;

namespace DicomNode.Dicom.Tests.Conformance;

/// <summary>
/// Our reader and writer against DCMTK (dcmdump) and dicom3tools (dciodvfy) on the pydicom corpus.
/// Needs dcmtk, dicom3tools and python3-pydicom installed (see README.md beside this file).
/// </summary>
public sealed class DcmtkConformanceTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _folder = Directory.CreateDirectory(
        Path.Combine(Path.GetTempPath(), "dicomnode-conformance-" + Guid.NewGuid().ToString("N"))).FullName;

    public DcmtkConformanceTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> ReadableFiles() => PydicomCorpus.Readable();

    public static TheoryData<string> BrokenFiles() => PydicomCorpus.BrokenFiles();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [MemberData(nameof(ReadableFiles))]
    public async Task Read_MatchesDcmdump(string name)
    {
        var path = PydicomCorpus.PathOf(name);
        var file = Part10Reader.ReadFile(path, PydicomCorpus.OptionsFor(name));

        var dump = await DumpAsync(path, name);

        Assert.NotEmpty(dump.Dataset);
        AssertNoDifferences(DcmdumpComparer.Compare(file, dump));
    }

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void BrokenFiles_EndInFormatException(string name)
    {
        var (offset, reason) = PydicomCorpus.Broken[name];

        var error = Assert.Throws<DicomFormatException>(() => Part10Reader.ReadFile(PydicomCorpus.PathOf(name), PydicomCorpus.OptionsFor(name)));

        Assert.Equal(reason, error.Reason);
        Assert.Equal(offset, error.Offset);
        Assert.InRange(error.Offset, 0, new FileInfo(PydicomCorpus.PathOf(name)).Length);
        Assert.Contains($"(at byte {offset}", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Writes the file in Explicit and in Implicit VR Little Endian — or, when its pixel data is
    /// encapsulated, in its own transfer syntax only, since the writer never decodes pixel data — and
    /// checks each copy with dcmdump (reads without error, shows what we read back), with our reader
    /// (the elements of the original) and with dciodvfy (no error the original did not have).
    /// </summary>
    [Theory]
    [MemberData(nameof(ReadableFiles))]
    public async Task RoundTrip_ExplicitAndImplicit_DcmdumpAndDciodvfyAgree(string name)
    {
        var path = PydicomCorpus.PathOf(name);
        var original = Part10Reader.ReadFile(path, PydicomCorpus.OptionsFor(name));
        var encapsulated = original.Dataset.Elements.Any(e => e is DicomFragmentSequence);
        DicomTransferSyntax[] syntaxes = encapsulated
            ? [original.TransferSyntax]
            : [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian];
        var originalErrors = await ExternalTool.DciodvfyErrorsAsync(path);

        var failures = await Task.WhenAll(syntaxes.Select(syntax => CheckCopyAsync(name, original, syntax, originalErrors)));

        AssertNoDifferences(failures.SelectMany(f => f).ToList());
    }

    private async Task<List<string>> CheckCopyAsync(string name, DicomFile original, DicomTransferSyntax syntax, SortedSet<string> originalErrors)
    {
        var copyPath = Path.Combine(_folder, $"{Path.GetFileNameWithoutExtension(name)}.{syntax.Uid}.dcm");
        using (var stream = File.Create(copyPath))
        {
            Part10Writer.Write(stream, original, syntax);
        }

        var failures = new List<string>();
        var label = syntax.IsEncapsulated ? $"{syntax} (own syntax: encapsulated pixel data)" : syntax.ToString();
        var copy = Part10Reader.ReadFile(copyPath);
        failures.AddRange(DatasetEquality.Compare(original.Dataset, copy.Dataset, vrsEncoded: syntax.IsExplicitVR)
            .Select(d => $"{label}, read back by us: {d}"));

        var dump = await ExternalTool.DcmdumpAsync(copyPath);
        var errors = dump.StandardError.Split('\n').Where(l => l.StartsWith("E:", StringComparison.Ordinal)).ToList();
        if (dump.ExitCode != 0 || errors.Count > 0)
        {
            failures.Add($"{label}: dcmdump exit code {dump.ExitCode}: {string.Join(" | ", errors)}");
        }
        else
        {
            failures.AddRange(DcmdumpComparer.Compare(copy, DcmdumpParser.Parse(dump.StandardOutput))
                .Select(d => $"{label}, read back by dcmdump: {d}"));
        }

        var copyErrors = await ExternalTool.DciodvfyErrorsAsync(copyPath);
        copyErrors.ExceptWith(originalErrors);
        if (copyErrors.Count > 0)
        {
            // Two kinds of error are not the writer's: those dciodvfy could not see on the original
            // because it cannot read it (a deflated data set: "Dicom dataset read failed"), and those the
            // target syntax itself causes (Implicit VR drops the VR that a palette's LUT descriptors need
            // without Pixel Representation). DCMTK's own conversion to the same syntax (dcmconv) shows
            // both, so an error it shows too is excused, and said so in the test output.
            var reference = Path.Combine(_folder, $"{Path.GetFileNameWithoutExtension(name)}.{syntax.Uid}.dcmconv.dcm");
            var option = syntax.IsEncapsulated ? "+t=" : syntax.IsExplicitVR ? "+te" : "+ti";
            var conversion = await ExternalTool.RunAsync("dcmconv", option, PydicomCorpus.PathOf(name), reference);
            if (conversion.ExitCode == 0)
            {
                var excused = await ExternalTool.DciodvfyErrorsAsync(reference);
                excused.IntersectWith(copyErrors);
                foreach (var error in excused)
                {
                    _output.WriteLine($"{label}: dciodvfy reports \"{error}\" on DCMTK's dcmconv copy too; not counted");
                }

                copyErrors.ExceptWith(excused);
            }
        }

        failures.AddRange(copyErrors.Select(e => $"{label}, dciodvfy error not on the original: {e}"));
        return failures;
    }

    private static void AssertNoDifferences(IReadOnlyList<string> differences)
    {
        if (differences.Count > 0)
        {
            Assert.Fail($"{differences.Count} difference(s):\n{string.Join('\n', differences)}");
        }
    }

    private async Task<DcmdumpDocument> DumpAsync(string path, string name)
    {
        if (PydicomCorpus.MislabelledDatasets.TryGetValue(name, out var encoding))
        {
            // The meta information is fine; dump it alone, then the data set alone in its real encoding.
            var meta = await ExternalTool.DcmdumpAsync(path, "+sb", "0008,0000");
            var bytes = await File.ReadAllBytesAsync(path);
            var datasetStart = 144 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(140));
            var datasetPath = Path.Combine(_folder, "dataset.dcm");
            await File.WriteAllBytesAsync(datasetPath, bytes[datasetStart..]);
            var dataset = await ExternalTool.DcmdumpAsync(datasetPath, "-f", encoding);
            Assert.True(meta.ExitCode == 0 && dataset.ExitCode == 0, meta.StandardError + dataset.StandardError);
            var document = DcmdumpParser.Parse(dataset.StandardOutput);
            document.MetaInformation.AddRange(DcmdumpParser.Parse(meta.StandardOutput).MetaInformation);
            return document;
        }

        var result = await ExternalTool.DcmdumpAsync(path);
        Assert.True(result.ExitCode == 0, $"dcmdump failed on {name}: {result.StandardError}");
        return DcmdumpParser.Parse(result.StandardOutput);
    }
}
