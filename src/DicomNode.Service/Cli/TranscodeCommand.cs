using System.CommandLine;
using DicomNode.Dicom;
using DicomNode.Dicom.Imaging;
using DicomNode.Dicom.IO;

namespace DicomNode.Service.Cli;

/// <summary>
/// <c>dicomnode transcode IN OUT --ts explicit|implicit</c>: rewrite a file in an uncompressed transfer syntax,
/// decoding compressed pixel data first where this platform has a decoder for it.
/// </summary>
internal static class TranscodeCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo>("IN") { Description = "The DICOM file to read." };
        var output = new Argument<FileInfo>("OUT") { Description = "Where to write the copy." };
        var syntax = new Option<string>("--ts")
        {
            Description = "Target transfer syntax: explicit (Explicit VR Little Endian) or implicit (Implicit VR Little Endian).",
            DefaultValueFactory = _ => "explicit",
        };
        syntax.AcceptOnlyFromAmong("explicit", "implicit");
        var command = new Command("transcode", "Rewrite a DICOM file in Explicit or Implicit VR Little Endian, decoding compressed pixel data.") { input, output, syntax };
        command.SetAction(result => CliErrors.Run(() =>
        {
            var source = result.GetValue(input)!;
            var target = result.GetValue(output)!;
            var ts = result.GetValue(syntax) == "implicit"
                ? DicomTransferSyntax.ImplicitVRLittleEndian
                : DicomTransferSyntax.ExplicitVRLittleEndian;
            var file = Part10Reader.ReadFile(source.FullName, new DicomReadOptions { AllowRawDataset = true });
            var read = file.TransferSyntax;
            PixelDataDecompression.Decompress(file);

            // Write beside the target and rename, so a failure never leaves a half-written file behind.
            var temporary = target.FullName + ".partial";
            try
            {
                Part10Writer.WriteFile(temporary, file, ts);
                File.Move(temporary, target.FullName, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }

            Console.WriteLine($"{target.FullName}: {read.Name} -> {ts.Name}");
        }));
        return command;
    }
}
