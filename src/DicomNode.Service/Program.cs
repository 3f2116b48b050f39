using System.CommandLine;
using DicomNode.Service.Cli;

namespace DicomNode.Service;

internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("DicomNode: a DICOM AI node for pelvic MR — receives studies, segments them, sends back SEG and SR.")
        {
            DumpCommand.Create(),
            TranscodeCommand.Create(),
            EchoCommand.Create(),
            SendCommand.Create(),
            ServeCommand.Create(),
            ConfigCommand.Create(),
            JobsCommand.Create(),
            OutboxCommand.Create(),
            RepairCommand.Create(),
            PhantomCommand.Create(),
            AnalyzeCommand.Create(),
            EvaluateCommand.Create(),
            SegOverlayCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
