using System.Data.Common;
using DicomNode.Dicom;
using DicomNode.Dicom.IO;

namespace DicomNode.Workflow.Inbox;

/// <summary>The start-up pass of <see cref="DurableInbox.RecoverAsync"/>.</summary>
internal sealed class InboxRecovery(DurableInbox inbox, IProgress<InboxRecoveryProgress>? progress = null)
{
    public InboxRecoveryReport Run(CancellationToken cancellationToken)
    {
        var layout = inbox.Layout;
        layout.EnsureCreated();

        // Nothing in tmp/ was ever acknowledged: a success is only answered after the rename. In a data folder nodes
        // share, a file written to within the grace period is another node's upload in progress and stays.
        var temporary = 0;
        var grace = inbox.Index.SharedFolderGrace;
        foreach (var file in Directory.EnumerateFiles(layout.Temporary, "*", SearchOption.AllDirectories))
        {
            if (grace is { } g && File.GetLastWriteTimeUtc(file) > DateTime.UtcNow - g)
            {
                continue;
            }

            File.Delete(file);
            temporary++;
        }

        var indexed = inbox.Index.AllSopInstanceUids();
        var added = 0;
        var unreadable = 0;
        var unindexed = Directory.EnumerateFiles(layout.Inbox, "*.dcm", SearchOption.AllDirectories)
            .Where(path => !indexed.Contains(Path.GetFileNameWithoutExtension(path)))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var path in unindexed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var problem = TryIndex(path);
            if (problem is null)
            {
                added++;
            }
            else
            {
                unreadable++;
                InboxLog.UnreadableFile(inbox.Logger, path, problem);
            }

            progress?.Report(new InboxRecoveryProgress(added + unreadable, unindexed.Count, added, problem is null ? null : path, problem));
        }

        if (temporary + added + unreadable > 0)
        {
            InboxLog.Recovered(inbox.Logger, temporary, added, unreadable);
        }

        return new InboxRecoveryReport(temporary, added, unreadable);
    }

    private string? TryIndex(string path)
    {
        DicomFile file;
        try
        {
            // The file is the truth: it is walked to its last byte, within the size limit a C-STORE of it would meet.
            file = Part10HeaderReader.ReadFile(path, new Part10HeaderOptions { ScanToEnd = true, MaxInflatedLength = inbox.MaxInstanceBytes });
        }
        catch (Exception ex) when (ex is DicomFormatException or IOException)
        {
            return ex.Message;
        }

        var header = InstanceHeader.From(file.Dataset, out var problem);
        if (header is null)
        {
            return problem;
        }

        // Only a file that sits exactly where the inbox would have put it is one of ours.
        if (!string.Equals(Path.GetFullPath(path), inbox.Layout.InstancePath(header.StudyInstanceUid, header.SeriesInstanceUid, header.SopInstanceUid), StringComparison.Ordinal))
        {
            return "its UIDs do not match its place in the inbox";
        }

        var callingAe = file.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0016))?.Trim() ?? string.Empty;
        try
        {
            var instance = new StoredInstance(0, header.StudyInstanceUid, header.SeriesInstanceUid, header.SopInstanceUid, header.SopClassUid,
                header.Modality, path, callingAe, inbox.Time.GetUtcNow(), new FileInfo(path).Length);
            var admission = inbox.Index.Admit(instance, header.PatientId);
            if (admission.Refusal is { } refusal)
            {
                return refusal;
            }

            if (admission.Stored is { } stored)
            {
                inbox.Announce(stored);
            }
        }
        catch (DbException ex)
        {
            return ex.Message;
        }

        return null;
    }
}
