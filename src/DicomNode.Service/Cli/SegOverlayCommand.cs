using System.CommandLine;
using DicomNode.Reporting.Segmentation;

namespace DicomNode.Service.Cli;

/// <summary>
/// <c>dicomnode seg-overlay SEG --source DIR --out overlay.png</c>: a received SEG drawn over its source slice, from the
/// files alone (<see cref="SegmentationOverlay"/>), e.g. to check what a destination got or to show it in a document.
/// </summary>
internal static class SegOverlayCommand
{
    public static Command Create()
    {
        var seg = new Argument<FileInfo>("SEG") { Description = "The DICOM SEG file to draw." };
        var source = new Option<DirectoryInfo>("--source")
        {
            Description = "A folder holding the SEG's source series (subfolders are searched).",
            Required = true,
        };
        var output = new Option<FileInfo>("--out") { Description = "The PNG to write.", Required = true };
        var sourceUid = new Option<string?>("--source-uid")
        {
            Description = "SOP Instance UID of the source image to draw on; default: the one with the most segmented pixels.",
        };
        var command = new Command("seg-overlay", "Draw a DICOM SEG's segments over their source MR slice as a PNG, from the files alone.")
        {
            seg, source, output, sourceUid,
        };
        command.SetAction(result => CliErrors.Run(() =>
        {
            var target = result.GetValue(output)!;
            SegmentationOverlayPicture picture;
            try
            {
                picture = SegmentationOverlay.Draw(result.GetValue(seg)!.FullName, result.GetValue(source)!.FullName, result.GetValue(sourceUid));
            }
            catch (SegmentationOverlayException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return CliErrors.BadInput;
            }

            picture.Save(target.FullName);
            Console.WriteLine($"{target.FullName}: {picture.Width}×{picture.Height}, source image {picture.SourceInstanceUid} (slice {picture.Slice + 1})");
            foreach (var segment in picture.Segments)
            {
                Console.WriteLine($"  segment {segment.Number} {segment.Label}: {segment.Pixels} pixels, colour #{segment.Red:X2}{segment.Green:X2}{segment.Blue:X2}");
            }

            return CliErrors.Ok;
        }));
        return command;
    }
}
