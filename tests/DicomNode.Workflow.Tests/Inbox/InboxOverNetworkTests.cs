using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Dicom.Network.Acse;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Services;
using DicomNode.Workflow.Inbox;
using DicomNode.Workflow.Tests.Support;

namespace DicomNode.Workflow.Tests.Inbox;

/// <summary>The durable inbox behind our SCP, driven over TCP by a scripted SCU that may walk away at any point.</summary>
public sealed class InboxOverNetworkTests : IAsyncDisposable
{
    private readonly TestNode _node = new();
    private readonly EndedCounter _ended = new();
    private DicomServer? _server;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _node.Dispose();
    }

    public enum Interruption
    {
        Abort,
        CloseSocket,
        ReleaseMidTransfer,
    }

    [Fact]
    public async Task InterruptedStores_200OfThem_LeaveNoTemporaryFile_AndTheNodeStillStores()
    {
        var port = Start(_node.Inbox());
        var dataset = SpillingDataset();
        const int Interruptions = 200;

        for (var i = 0; i < Interruptions; i++)
        {
            var scu = await ScriptedScu.AssociateAsync(port);
            await scu.SendCommandAsync(DimseCommand.CStoreRequest(1, TestInstances.MrImageStorage, dataset.Sop));
            await scu.SendDataAsync(dataset.Bytes.AsMemory(0, dataset.Bytes.Length / 2), complete: false);

            // A real partial file exists before the interruption.
            await Eventually.TrueAsync(() => Directory.GetFiles(_node.Layout.Temporary).Length > 0, "the partial file exists");
            switch ((Interruption)(i % 3))
            {
                case Interruption.Abort:
                    await scu.AbortAsync();
                    break;
                case Interruption.CloseSocket:
                    scu.Dispose();
                    break;
                case Interruption.ReleaseMidTransfer:
                    await scu.ReleaseAsync();
                    break;
            }

            await Eventually.TrueAsync(() => _ended.Count == i + 1, $"association {i + 1} has ended");
            Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
        }

        Assert.Empty(Directory.GetFileSystemEntries(_node.Layout.Inbox));
        using var complete = await ScriptedScu.AssociateAsync(port);
        Assert.Equal(DimseStatus.Success, await complete.StoreAsync(dataset.Bytes, dataset.Sop));
        await complete.ReleaseAsync();
        Assert.Equal(1, _node.Index.Count());
        Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
    }

    [Fact]
    public async Task ServerShutdown_MidTransfer_DeletesThePartialFileAtOnce()
    {
        var port = Start(_node.Inbox());
        var dataset = SpillingDataset();
        using var scu = await ScriptedScu.AssociateAsync(port);
        await scu.SendCommandAsync(DimseCommand.CStoreRequest(1, TestInstances.MrImageStorage, dataset.Sop));
        await scu.SendDataAsync(dataset.Bytes.AsMemory(0, dataset.Bytes.Length / 2), complete: false);
        await Eventually.TrueAsync(() => Directory.GetFiles(_node.Layout.Temporary).Length > 0, "the partial file exists");

        await _server!.StopAsync();

        Assert.Equal(1, _ended.Count);
        Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
    }

    [Fact]
    public async Task Store_WhenFreeSpaceIsBelowTheThreshold_AnswersA700ForEveryStore_AndLeavesNoFile()
    {
        var logger = new RecordingLogger<DurableInbox>();
        var inbox = new DurableInbox(_node.Layout, _node.Index, () => new InboxOptions { MinimumFreeBytes = 1L << 40 }, _node.Time, logger: logger);
        var port = Start(inbox);
        using var scu = await ScriptedScu.AssociateAsync(port);

        for (ushort i = 1; i <= 5; i++)
        {
            var dataset = LargeDataset(out _);
            Assert.Equal(DimseStatus.OutOfResources, await scu.StoreAsync(dataset.Bytes, dataset.Sop, i));
            Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
        }

        await scu.ReleaseAsync();
        Assert.Empty(Directory.GetFileSystemEntries(_node.Layout.Inbox));
        Assert.Equal(5, logger.Entries.Count(e => e.EventId == 4000));
    }

    [Fact]
    public async Task Store_WhenWritingFailsWithDiskFull_AnswersA700ForEveryStore_LogsIt_AndLeavesNoFile()
    {
        var logger = new RecordingLogger<DurableInbox>();
        var inbox = new DurableInbox(_node.Layout, _node.Index, () => new InboxOptions { MinimumFreeBytes = 0 }, _node.Time, logger: logger)
        {
            // Through tmp/, where the full disk is simulated; an unnamed file's failures are UnnamedFileTests'.
            WritesUnnamed = false,
            OpenTemporary = path => new FullDiskFileStream(path),
        };
        var port = Start(inbox);
        using var scu = await ScriptedScu.AssociateAsync(port);

        for (ushort i = 1; i <= 5; i++)
        {
            var dataset = LargeDataset(out _);
            Assert.Equal(DimseStatus.OutOfResources, await scu.StoreAsync(dataset.Bytes, dataset.Sop, i));
            Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
        }

        // The association survived every failure: it still releases normally.
        await scu.ReleaseAsync();
        Assert.Empty(Directory.GetFileSystemEntries(_node.Layout.Inbox));
        Assert.Equal(5, logger.Entries.Count(e => e.EventId == 4008));
        Assert.Equal(5, inbox.RefusedCount);
    }

    [Fact]
    public async Task Store_DataSetCarryingGroup0002_KeepsTheMetaInformationFromTheAssociation()
    {
        var port = Start(_node.Inbox());
        var (study, series, sop) = (TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());
        var spoof = ExplicitLittleEndian(0x0016, "AE", "SPOOFED ")
            .Concat(ExplicitLittleEndian(0x0002, "UI", "1.2.3.4\0"))
            .Concat(TestInstances.Encode(TestInstances.Dataset(study, series, sop)))
            .ToArray();
        using var scu = await ScriptedScu.AssociateAsync(port, callingAe: "CT_SCANNER");

        var status = await scu.StoreAsync(spoof, sop);

        Assert.Equal(DimseStatus.Success, status);
        await scu.ReleaseAsync();
        var file = Part10Reader.ReadFile(_node.Layout.InstancePath(study, series, sop));
        Assert.Equal("CT_SCANNER", file.FileMetaInformation.GetString(DicomTags.SourceApplicationEntityTitle));
        Assert.Equal(TestInstances.MrImageStorage, file.FileMetaInformation.GetUid(DicomTags.MediaStorageSOPClassUID));
        Assert.DoesNotContain(file.Dataset.Elements, e => e.Tag.Group == 0x0002);
        Assert.Equal("CT_SCANNER", _node.Index.Find(sop)?.CallingAeTitle);
    }

    /// <summary>An explicit VR Little Endian element of group 0002 with a short (16-bit) length.</summary>
    private static byte[] ExplicitLittleEndian(ushort element, string vr, string value)
    {
        var bytes = new byte[8 + value.Length];
        bytes[0] = 0x02;
        bytes[2] = (byte)element;
        bytes[3] = (byte)(element >> 8);
        bytes[4] = (byte)vr[0];
        bytes[5] = (byte)vr[1];
        bytes[6] = (byte)value.Length;
        System.Text.Encoding.ASCII.GetBytes(value).CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>An instance large enough (about 256 KB) to arrive in many P-DATA-TF PDUs.</summary>
    private static (byte[] Bytes, string Sop) LargeDataset(out string study) => Dataset(256, out study);

    /// <summary>
    /// An instance of about 2 MiB: more than the inbox holds in memory (<see cref="InboxSink.ValidateInMemoryUpTo"/>), so
    /// half of it already makes a temporary file.
    /// </summary>
    private static (byte[] Bytes, string Sop) SpillingDataset() => Dataset(2048, out _);

    private static (byte[] Bytes, string Sop) Dataset(ushort rows, out string study)
    {
        study = TestInstances.NewUid();
        var sop = TestInstances.NewUid();
        var dataset = TestInstances.Dataset(study, TestInstances.NewUid(), sop)
            .SetUInt16(DicomTags.Rows, rows)
            .SetUInt16(DicomTags.Columns, 512)
            .SetBytes(DicomTags.PixelData, DicomVR.OW, new byte[rows * 512 * 2]);
        return (TestInstances.Encode(dataset), sop);
    }

    private int Start(DurableInbox inbox)
    {
        var policy = new AssociationPolicyOptions
        {
            AeTitle = "DICOMNODE",
            AcceptAnyCaller = true,
            SupportedAbstractSyntaxes = StandardSyntaxes.StorageScp(),
        };
        _server = new DicomServer(new DicomServerOptions { BindAddress = "127.0.0.1", Port = 0, Policy = () => policy }, inbox, _ended);
        _server.Start();
        return _server.LocalEndPoint.Port;
    }

    private sealed class EndedCounter : IAssociationObserver
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void AssociationEnded(AssociationRecord record) => Interlocked.Increment(ref _count);
    }
}
