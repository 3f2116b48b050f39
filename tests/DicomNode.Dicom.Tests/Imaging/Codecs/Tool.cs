using System.Diagnostics;

namespace DicomNode.Dicom.Tests.Imaging.Codecs;

/// <summary>Runs a DCMTK command-line tool (apt package dcmtk) and fails the test clearly when it is missing or fails.</summary>
internal static class Tool
{
    public static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"{program} could not be started ({e.Message}): install DCMTK (apt package dcmtk)");
            return;
        }

        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(120_000), $"{program} did not finish in two minutes");
            Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {output}{errors.Result}");
        }
    }
}
