using DicomNode.Dicom.IO;
using DicomNode.Dicom.Network.Association;
using DicomNode.Dicom.Network.Dimse;

namespace DicomNode.Dicom.Network.Services;

/// <summary>
/// Stores each received instance as a Part 10 file in one folder, named by its validated SOP Instance
/// UID: the data set bytes exactly as received behind a fresh meta header, written to a temporary file,
/// checked to parse, flushed to disk, then renamed into place. A duplicate keeps the first copy.
/// </summary>
public sealed class FolderStoreHandler : ICStoreHandler
{
    private const string TemporaryFolderName = ".incoming";
    private readonly string _folder;
    private readonly string _temporary;

    public FolderStoreHandler(string folder)
    {
        _folder = Path.GetFullPath(folder);
        _temporary = Path.Combine(_folder, TemporaryFolderName);
        Directory.CreateDirectory(_temporary);
    }

    /// <summary>Where an instance with this (already validated) SOP Instance UID is stored.</summary>
    public string PathFor(string sopInstanceUid) => Path.Combine(_folder, sopInstanceUid + ".dcm");

    public ValueTask<ICStoreSink> BeginStoreAsync(CStoreRequestContext request, CancellationToken cancellationToken)
    {
        // File names come from validated UIDs only: digits and dots can never escape the folder.
        if (!DicomUidValidator.IsValid(request.SopInstanceUid) || !DicomUidValidator.IsValid(request.SopClassUid))
        {
            return ValueTask.FromResult<ICStoreSink>(new RefusingSink(DimseStatus.InvalidArgumentValue));
        }

        var path = Path.Combine(_temporary, $"{Guid.NewGuid():N}.part");
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        Part10Writer.WritePreambleAndMeta(stream, request.SopClassUid, request.SopInstanceUid,
            DicomTransferSyntax.Parse(request.TransferSyntaxUid), request.Association.CallingAeTitle);
        return ValueTask.FromResult<ICStoreSink>(new FileSink(this, request, path, stream));
    }

    private sealed class FileSink(FolderStoreHandler owner, CStoreRequestContext request, string path, FileStream stream) : ICStoreSink
    {
        private bool _done;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken) => stream.WriteAsync(fragment, cancellationToken);

        public async ValueTask<DimseStatus> CompleteAsync(CancellationToken cancellationToken)
        {
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            var status = Check();
            if (!status.IsSuccess)
            {
                return status;
            }

            // Durable before we answer success: the bytes reach the disk, then the name appears.
            stream.Flush(flushToDisk: true);
            await stream.DisposeAsync().ConfigureAwait(false);
            var target = owner.PathFor(request.SopInstanceUid);
            if (File.Exists(target))
            {
                File.Delete(path);
            }
            else
            {
                File.Move(path, target);
            }

            _done = true;
            return DimseStatus.Success;
        }

        public async ValueTask DisposeAsync()
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            if (!_done)
            {
                File.Delete(path);
            }
        }

        private DimseStatus Check()
        {
            stream.Position = 0;
            try
            {
                var file = Part10Reader.Read(stream);
                var sopInstance = file.Dataset.GetUid(DicomTags.SOPInstanceUID);
                var sopClass = file.Dataset.GetUid(DicomTags.SOPClassUID);
                if (sopInstance != request.SopInstanceUid || sopClass != request.SopClassUid)
                {
                    // PS3.4 §B.2.3: the data set must be the instance the command announces.
                    return DimseStatus.DataSetDoesNotMatchSopClass;
                }

                return DimseStatus.Success;
            }
            catch (DicomFormatException)
            {
                return DimseStatus.CannotUnderstand;
            }
        }
    }

    private sealed class RefusingSink(DimseStatus status) : ICStoreSink
    {
        public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<DimseStatus> CompleteAsync(CancellationToken cancellationToken) => ValueTask.FromResult(status);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
