using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Workflow.Inbox;
using DicomNode.Workflow.Storage;
using DicomNode.Workflow.Tests.Support;

namespace DicomNode.Workflow.Tests.Inbox;

/// <summary>Issue 23: an instance is validated from the bytes as they arrived, not read back from its file.</summary>
public sealed class ReceiveOnceTests : IDisposable
{
    private readonly TestNode _node = new();
    private readonly List<ReadCountingFileStream> _files = [];

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Store_HeldInMemory_IsWrittenWithoutANameInItsSeriesFolder_AndNamedThere_WithNoTemporaryFile()
    {
        Assert.True(UnnamedFile.IsSupported || !OperatingSystem.IsLinux(), "Linux has unnamed files (O_TMPFILE) on this file system");
        var (study, series, sop) = (TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());
        var dataset = TestInstances.Dataset(study, series, sop);

        var status = await TestInstances.StoreAsync(Inbox(), dataset);

        Assert.Equal(DimseStatus.Success, status);
        Assert.Equal(UnnamedFile.IsSupported ? 0 : 1, _files.Count);
        Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
        var path = _node.Layout.InstancePath(study, series, sop);
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
        Assert.True(File.ReadAllBytes(path).AsSpan().EndsWith(TestInstances.Encode(dataset)), "the file holds the data set as received");
        Assert.NotNull(_node.Index.Find(sop));
    }

    [Fact]
    public async Task Store_ValidatesTheBytesAsReceived_WithoutReadingItsFileBack()
    {
        var (study, series, sop) = (TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());

        var status = await TestInstances.StoreAsync(Inbox(writesUnnamed: false), TestInstances.Dataset(study, series, sop));

        Assert.Equal(DimseStatus.Success, status);
        Assert.Equal(0, Assert.Single(_files).Reads);
        Assert.Equal(sop, Part10Reader.ReadFile(_node.Layout.InstancePath(study, series, sop)).Dataset.GetUid(DicomTags.SOPInstanceUID));
        Assert.NotNull(_node.Index.Find(sop));
    }

    [Fact]
    public async Task Store_AnInstanceLargerThanTheInMemoryCopy_IsValidatedFromItsFile_AndStoredWhole()
    {
        var (study, series, sop) = (TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());
        var pixels = new byte[InboxSink.ValidateInMemoryUpTo + 4096];
        new Random(23).NextBytes(pixels);
        var dataset = TestInstances.Dataset(study, series, sop).SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);

        var status = await TestInstances.StoreAsync(Inbox(), dataset);

        Assert.Equal(DimseStatus.Success, status);
        Assert.True(Assert.Single(_files).Reads > 0);
        var stored = Part10Reader.ReadFile(_node.Layout.InstancePath(study, series, sop));
        Assert.Equal(pixels, stored.Dataset.GetBytes(DicomTags.PixelData).ToArray());
    }

    [Fact]
    public async Task Store_ADataSetThatIsNotTheAnnouncedInstance_IsRefusedFromTheBytesAsReceived_WithoutWritingAFile()
    {
        var dataset = TestInstances.Dataset(TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());

        var status = await TestInstances.StoreAsync(Inbox(), TestInstances.Encode(dataset), TestInstances.MrImageStorage, TestInstances.NewUid());

        Assert.Equal(DimseStatus.DataSetDoesNotMatchSopClass, status);
        Assert.Empty(_files);
        Assert.Equal(0, _node.Index.Count());
        Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
    }

    private DurableInbox Inbox(bool writesUnnamed = true) =>
        new(_node.Layout, _node.Index, () => new InboxOptions { MinimumFreeBytes = 0 }, _node.Time)
        {
            WritesUnnamed = writesUnnamed,
            OpenTemporary = path =>
            {
                var file = new ReadCountingFileStream(path);
                _files.Add(file);
                return file;
            },
        };
}
