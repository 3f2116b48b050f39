using System.Buffers.Binary;
using System.IO.Compression;
using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Dicom.Network.Association;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Workflow.Inbox;
using DicomNode.Workflow.Tests.Support;

namespace DicomNode.Workflow.Tests.Inbox;

/// <summary>Runs alone, so that the process's allocation counter measures only what the inbox did.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InboxMeasuredAloneCollection
{
    public const string Name = "Inbox measured alone";
}

/// <summary>
/// Issue 22, point 1: an instance streams to disk and is validated without being held, a Deflated one is inflated
/// only while walked and never past Inbox:MaxInstanceBytes, and a refused one leaves no file.
/// </summary>
[Collection(InboxMeasuredAloneCollection.Name)]
public sealed class BoundedInstanceTests : IDisposable
{
    /// <summary>The limit the tests configure: small, so that a bomb past it stays cheap to build and to refuse.</summary>
    private const long Limit = 64L << 20;

    /// <summary>What one store may allocate in all, whatever the instance's size: buffers, never the instance.</summary>
    private const long AllocationBound = 16L << 20;

    private const int Fragment = 64 * 1024;
    private static readonly DicomTag BulkTag = new(0x0029, 0x1010);
    private readonly TestNode _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Store_DeflateBombPastTheLimit_AnswersOutOfResources_LeavesNoFile_AndNeverInflatesIt()
    {
        var (study, series, sop) = (TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());
        var bomb = DeflatedInstance(study, series, sop, bulkBytes: Limit + (16L << 20));
        Assert.True(bomb.Length < 1 << 20, $"the bomb is {bomb.Length:N0} bytes deflated");
        var inbox = _node.Inbox(maxInstanceBytes: Limit);

        var (status, allocated) = await MeasuredAsync(() => StoreAsync(inbox, sop, DicomTransferSyntax.DeflatedExplicitVRLittleEndian, Chunks(bomb)));

        Assert.Equal(DimseStatus.OutOfResources, status);
        Assert.True(allocated < AllocationBound, $"{allocated:N0} bytes allocated refusing a bomb of {Limit + (16L << 20):N0} inflated bytes");
        Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
        Assert.Empty(Directory.GetFileSystemEntries(_node.Layout.Inbox));
        Assert.Null(_node.Index.Find(sop));
        Assert.Equal(1, inbox.RefusedCount);
    }

    [Fact]
    public async Task Store_DeflatedInstanceWithinTheLimit_IsStored_AndValidatedWithoutInflatingItWhole()
    {
        var (study, series, sop) = (TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());
        var deflated = DeflatedInstance(study, series, sop, bulkBytes: 48L << 20);
        var inbox = _node.Inbox(maxInstanceBytes: Limit);

        var (status, allocated) = await MeasuredAsync(() => StoreAsync(inbox, sop, DicomTransferSyntax.DeflatedExplicitVRLittleEndian, Chunks(deflated)));

        Assert.Equal(DimseStatus.Success, status);
        Assert.True(allocated < AllocationBound, $"{allocated:N0} bytes allocated storing 48 MiB inflated");
        var stored = Assert.IsType<StoredInstance>(_node.Index.Find(sop));
        Assert.Equal((study, series), (stored.StudyInstanceUid, stored.SeriesInstanceUid));
        Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
    }

    [Fact]
    public async Task Store_UncompressedInstanceLargerThanTheBuffers_IsStoredWhileAllocatingOnlyBuffers()
    {
        var (study, series, sop) = (TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());
        const long bulk = 48L << 20;
        var inbox = _node.Inbox(maxInstanceBytes: Limit);

        var (status, allocated) = await MeasuredAsync(() => StoreAsync(inbox, sop, DicomTransferSyntax.ExplicitVRLittleEndian, UncompressedInstance(study, series, sop, bulk)));

        Assert.Equal(DimseStatus.Success, status);
        Assert.True(allocated < AllocationBound, $"{allocated:N0} bytes allocated storing a {bulk:N0}-byte instance");
        var path = _node.Layout.InstancePath(study, series, sop);
        Assert.True(new FileInfo(path).Length > bulk);
        Assert.Equal(sop, Part10HeaderReader.ReadFile(path).Dataset.GetUid(DicomTags.SOPInstanceUID));
        Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
    }

    [Fact]
    public async Task Store_UncompressedInstancePastTheLimit_AnswersOutOfResources_AndLeavesNoFile()
    {
        var (study, series, sop) = (TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());
        var inbox = _node.Inbox(maxInstanceBytes: Limit);

        var status = await StoreAsync(inbox, sop, DicomTransferSyntax.ExplicitVRLittleEndian, UncompressedInstance(study, series, sop, Limit + Fragment));

        Assert.Equal(DimseStatus.OutOfResources, status);
        Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
        Assert.Empty(Directory.GetFileSystemEntries(_node.Layout.Inbox));
        Assert.Null(_node.Index.Find(sop));
    }

    [Fact]
    public async Task Store_TruncatedPixelData_AnswersCannotUnderstand_AsTheWholeFileIsWalked()
    {
        var (study, series, sop) = (TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());
        var whole = TestInstances.Encode(TestInstances.Dataset(study, series, sop));
        var inbox = _node.Inbox();

        var status = await TestInstances.StoreAsync(inbox, whole[..^4], TestInstances.MrImageStorage, sop);

        Assert.Equal(DimseStatus.CannotUnderstand, status);
        Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
        Assert.Null(_node.Index.Find(sop));
    }

    private static async Task<(DimseStatus Status, long Allocated)> MeasuredAsync(Func<Task<DimseStatus>> store)
    {
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var status = await store();
        return (status, GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    /// <summary>Drives the inbox as the association does, one fragment at a time, never holding the data set.</summary>
    private static async Task<DimseStatus> StoreAsync(ICStoreHandler handler, string sop, DicomTransferSyntax syntax, IEnumerable<ReadOnlyMemory<byte>> fragments)
    {
        var association = new AssociationInfo(Guid.NewGuid(), "MODALITY", "DICOMNODE", "127.0.0.1", 40000, false, Array.Empty<AcceptedPresentationContext>(), 16384);
        var request = new CStoreRequestContext(association, TestInstances.MrImageStorage, sop, syntax.Uid, 1, 0, null);
        var sink = await handler.BeginStoreAsync(request, CancellationToken.None);
        await using (sink)
        {
            foreach (var fragment in fragments)
            {
                await sink.WriteAsync(fragment, CancellationToken.None);
            }

            return await sink.CompleteAsync(CancellationToken.None);
        }
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] bytes)
    {
        for (var offset = 0; offset < bytes.Length; offset += Fragment)
        {
            yield return bytes.AsMemory(offset, Math.Min(Fragment, bytes.Length - offset));
        }
    }

    /// <summary>The header elements, then a private OB element of <paramref name="bulkBytes"/> zeros, then Pixel Data; produced one buffer at a time.</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> UncompressedInstance(string study, string series, string sop, long bulkBytes)
    {
        yield return TestInstances.Encode(Header(study, series, sop));
        yield return BulkHeader(bulkBytes);
        var zeros = new byte[Fragment];
        for (var left = bulkBytes; left > 0; left -= Fragment)
        {
            yield return zeros.AsMemory(0, (int)Math.Min(Fragment, left));
        }

        yield return PixelData();
    }

    private static byte[] DeflatedInstance(string study, string series, string sop, long bulkBytes)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            foreach (var part in UncompressedInstance(study, series, sop, bulkBytes))
            {
                deflate.Write(part.Span);
            }
        }

        return output.ToArray();
    }

    private static DicomDataset Header(string study, string series, string sop) => new DicomDataset()
        .SetString(DicomTags.SOPClassUID, DicomVR.UI, TestInstances.MrImageStorage)
        .SetString(DicomTags.SOPInstanceUID, DicomVR.UI, sop)
        .SetString(DicomTags.Modality, DicomVR.CS, "MR")
        .SetString(DicomTags.StudyInstanceUID, DicomVR.UI, study)
        .SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, series);

    /// <summary>PS3.5 §7.1.2: an OB element's header is tag, VR, two reserved bytes, a 32-bit length.</summary>
    private static byte[] BulkHeader(long length)
    {
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, BulkTag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), BulkTag.Element);
        "OB"u8.CopyTo(header.AsSpan(4));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), checked((uint)length));
        return header;
    }

    private static byte[] PixelData()
    {
        var element = new byte[12 + 8];
        BinaryPrimitives.WriteUInt16LittleEndian(element, 0x7FE0);
        BinaryPrimitives.WriteUInt16LittleEndian(element.AsSpan(2), 0x0010);
        "OW"u8.CopyTo(element.AsSpan(4));
        BinaryPrimitives.WriteUInt32LittleEndian(element.AsSpan(8), 8);
        return element;
    }
}
