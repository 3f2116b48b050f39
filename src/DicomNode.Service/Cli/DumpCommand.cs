using System.CommandLine;
using DicomNode.Dicom;
using DicomNode.Dicom.IO;

namespace DicomNode.Service.Cli;

/// <summary><c>dicomnode dump FILE</c>: every element with tag, VR, value, length and keyword.</summary>
internal static class DumpCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A DICOM file (Part 10, or a raw data set with --raw)." };
        var raw = new Option<bool>("--raw") { Description = "Accept a data set with no preamble or meta information." };
        var full = new Option<bool>("--full") { Description = "Print long values whole instead of cutting them." };
        var command = new Command("dump", "Print every element of a DICOM file, nested sequences included.") { file, raw, full };
        command.SetAction(result =>
        {
            var path = result.GetValue(file)!;
            return CliErrors.Run(() =>
            {
                var dicom = Part10Reader.ReadFile(path.FullName, new DicomReadOptions { AllowRawDataset = result.GetValue(raw) });
                // Render whole, then write once: a console writer flushing per line is slow on large files.
                var output = new StringWriter();
                new DicomDumper(output, result.GetValue(full) ? 0 : 64).Dump(dicom);
                Console.Out.Write(output.ToString());
            });
        });
        return command;
    }
}
