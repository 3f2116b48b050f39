using DicomNode.Dicom.IO;
using DicomNode.Dicom.Network.Association;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Pdus;
using DicomNode.Dicom.Network.Transport;

namespace DicomNode.Dicom.Network.Services;

/// <summary>
/// A DICOM SCU: C-ECHO, and C-STORE of files or data sets over one association. Presentation contexts
/// are proposed from the instances' SOP classes and transfer syntaxes; uncompressed data sets are sent
/// in whichever of Explicit or Implicit VR Little Endian the peer accepts, compressed ones only as they
/// are — pixel data is never transcoded.
/// </summary>
public sealed class DicomClient
{
    private const int MaxPresentationContexts = 128;
    private readonly DicomClientOptions _options;

    public DicomClient(DicomClientOptions options) => _options = options;

    /// <summary>Associates, sends C-ECHO, releases; returns the status the peer answered.</summary>
    public async Task<DimseStatus> EchoAsync(CancellationToken cancellationToken = default)
    {
        var proposal = new PresentationContextProposal(1, StandardSyntaxes.Verification,
            new[] { DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid });
        var association = await AssociateAsync(new[] { proposal }, cancellationToken).ConfigureAwait(false);
        await using (association.ConfigureAwait(false))
        {
            var context = association.Info!.PresentationContexts.FirstOrDefault()
                ?? throw new DicomAssociationException("The peer accepted no presentation context for Verification.");
            var response = await association.SendRequestAsync(context.Id, DimseCommand.CEchoRequest(association.NextMessageId()), null, cancellationToken).ConfigureAwait(false);
            await association.ReleaseAsync().ConfigureAwait(false);
            return response.Status;
        }
    }

    /// <summary>Sends every file over one association; reports each result as it comes.</summary>
    public Task<IReadOnlyList<CStoreResult>> StoreFilesAsync(IReadOnlyList<string> paths, IProgress<CStoreResult>? progress = null, CancellationToken cancellationToken = default)
    {
        var items = paths.Select(path =>
        {
            var header = ReadHeader(path, out var error);
            return new StoreItem(path, header, error,
                () => Part10Reader.ReadFile(path, new DicomReadOptions { AllowRawDataset = true }));
        }).ToList();
        return StoreAsync(items, progress, cancellationToken);
    }

    /// <summary>Sends data sets held in memory over one association; each is named in results by its SOP Instance UID.</summary>
    public Task<IReadOnlyList<CStoreResult>> StoreAsync(IReadOnlyList<DicomFile> files, IProgress<CStoreResult>? progress = null, CancellationToken cancellationToken = default)
    {
        var items = files.Select(file =>
        {
            var header = HeaderOf(file, out var error);
            return new StoreItem(header?.SopInstanceUid ?? "(data set without SOP Instance UID)", header, error, () => file);
        }).ToList();
        return StoreAsync(items, progress, cancellationToken);
    }

    private async Task<IReadOnlyList<CStoreResult>> StoreAsync(List<StoreItem> items, IProgress<CStoreResult>? progress, CancellationToken cancellationToken)
    {
        var results = new List<CStoreResult>(items.Count);
        foreach (var item in items.Where(i => i.Header is null))
        {
            Report(new CStoreResult(item.Source, null, null, item.Error));
        }

        var sendable = items.Where(i => i.Header is not null).ToList();
        if (sendable.Count == 0)
        {
            return results;
        }

        var proposals = Propose(sendable.Select(i => i.Header!));
        var association = await AssociateAsync(proposals.Select(p => p.Proposal).ToList(), cancellationToken).ConfigureAwait(false);
        await using (association.ConfigureAwait(false))
        {
            foreach (var item in sendable)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Report(await StoreOneAsync(association, proposals, item, cancellationToken).ConfigureAwait(false));
            }

            await association.ReleaseAsync().ConfigureAwait(false);
        }

        return results;

        void Report(CStoreResult result)
        {
            results.Add(result);
            progress?.Report(result);
        }
    }

    private async Task<CStoreResult> StoreOneAsync(DicomAssociation association, IReadOnlyList<ProposedContext> proposals, StoreItem item, CancellationToken cancellationToken)
    {
        var (path, header) = (item.Source, item.Header!);
        var accepted = association.Info!.PresentationContexts;
        var candidates = proposals.Where(p => p.Proposal.AbstractSyntax == header.SopClassUid && p.Matches(header.TransferSyntax))
            .Select(p => accepted.FirstOrDefault(a => a.Id == p.Proposal.Id))
            .Where(a => a is not null)
            .ToList();
        var context = candidates.FirstOrDefault();
        if (context is null)
        {
            var refusals = proposals.Where(p => p.Proposal.AbstractSyntax == header.SopClassUid && p.Matches(header.TransferSyntax))
                .Select(p => association.Info.RejectedPresentationContexts.FirstOrDefault(r => r.Id == p.Proposal.Id))
                .OfType<RejectedPresentationContext>()
                .Select(r => Describe(r.Reason))
                .Distinct()
                .ToList();
            return new CStoreResult(path, header.SopInstanceUid, null,
                $"the peer accepted no presentation context for {header.SopClassUid} in {header.TransferSyntax.Name}"
                + (refusals.Count == 0 ? string.Empty : $": {string.Join(", ", refusals)}"));
        }

        byte[] encoded;
        try
        {
            var file = item.Load();
            using var buffer = new MemoryStream();
            var target = DicomTransferSyntax.Parse(context.TransferSyntax);
            Part10Writer.WriteDataset(buffer, file.Dataset, target);
            encoded = buffer.ToArray();
        }
        catch (Exception ex) when (ex is DicomFormatException or IOException or UnauthorizedAccessException)
        {
            return new CStoreResult(path, header.SopInstanceUid, null, ex.Message);
        }

        var request = DimseCommand.CStoreRequest(association.NextMessageId(), header.SopClassUid, header.SopInstanceUid);
        try
        {
            var response = await association.SendRequestAsync(context.Id, request, encoded, cancellationToken).ConfigureAwait(false);
            return new CStoreResult(path, header.SopInstanceUid, response.Status, response.Status.IsFailure ? response.ErrorComment : null);
        }
        catch (Exception ex) when (ex is DicomAssociationException or TimeoutException)
        {
            return new CStoreResult(path, header.SopInstanceUid, null, ex.Message);
        }
    }

    /// <summary>PS3.8 Table 9-18, with the number a DCMTK log or a packet capture shows.</summary>
    private static string Describe(PresentationContextResultReason reason) => reason switch
    {
        PresentationContextResultReason.UserRejection => "user rejection (result 1)",
        PresentationContextResultReason.NoReason => "no reason (result 2)",
        PresentationContextResultReason.AbstractSyntaxNotSupported => "abstract syntax not supported (result 3)",
        PresentationContextResultReason.TransferSyntaxesNotSupported => "transfer syntaxes not supported (result 4)",
        _ => $"result {(byte)reason}",
    };

    private async Task<DicomAssociation> AssociateAsync(IReadOnlyList<PresentationContextProposal> proposals, CancellationToken cancellationToken)
    {
        var connection = await DicomConnection.ConnectAsync(_options.Host, _options.Port, _options.Tls, _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        var request = new AssociateRequestPdu(_options.CalledAeTitle, _options.CallingAeTitle, proposals, new UserInformation
        {
            MaximumLength = _options.Association.MaxPduLength,
        });
        return await DicomAssociation.RequestAsync(connection, request, _options.Association, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One context per SOP class for uncompressed data (offering Explicit and Implicit VR Little Endian),
    /// and one per SOP class and compressed syntax (offering only that syntax).
    /// </summary>
    private static List<ProposedContext> Propose(IEnumerable<Header> headers)
    {
        var keys = headers
            .Select(h => (h.SopClassUid, Compressed: h.TransferSyntax.IsEncapsulated ? h.TransferSyntax.Uid : null))
            .Distinct()
            .ToList();
        if (keys.Count > MaxPresentationContexts)
        {
            throw new InvalidOperationException($"The files need {keys.Count} presentation contexts; one association holds at most {MaxPresentationContexts}. Send them in smaller groups.");
        }

        var contexts = new List<ProposedContext>(keys.Count);
        byte id = 1;
        foreach (var (sopClass, compressed) in keys)
        {
            var syntaxes = compressed is null
                ? new[] { DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid }
                : new[] { compressed };
            contexts.Add(new ProposedContext(new PresentationContextProposal(id, sopClass, syntaxes), compressed));
            id += 2;
        }

        return contexts;
    }

    private static Header? ReadHeader(string path, out string? error)
    {
        try
        {
            return HeaderOf(Part10Reader.ReadFile(path, new DicomReadOptions { AllowRawDataset = true, StopBeforePixelData = true }), out error);
        }
        catch (Exception ex) when (ex is DicomFormatException or IOException or UnauthorizedAccessException)
        {
            error = ex.Message;
            return null;
        }
    }

    private static Header? HeaderOf(DicomFile file, out string? error)
    {
        error = null;
        var sopClass = file.Dataset.GetUid(DicomTags.SOPClassUID) ?? file.FileMetaInformation.GetUid(DicomTags.MediaStorageSOPClassUID);
        var sopInstance = file.Dataset.GetUid(DicomTags.SOPInstanceUID) ?? file.FileMetaInformation.GetUid(DicomTags.MediaStorageSOPInstanceUID);
        if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance))
        {
            error = "no SOP Class UID or SOP Instance UID";
            return null;
        }

        return new Header(sopClass, sopInstance, file.TransferSyntax);
    }

    private sealed record StoreItem(string Source, Header? Header, string? Error, Func<DicomFile> Load);

    private sealed record Header(string SopClassUid, string SopInstanceUid, DicomTransferSyntax TransferSyntax);

    private sealed record ProposedContext(PresentationContextProposal Proposal, string? CompressedSyntax)
    {
        public bool Matches(DicomTransferSyntax syntax) =>
            syntax.IsEncapsulated ? CompressedSyntax == syntax.Uid : CompressedSyntax is null;
    }
}
