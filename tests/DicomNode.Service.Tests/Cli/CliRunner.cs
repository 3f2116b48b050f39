namespace DicomNode.Service.Tests.Cli;

/// <summary>Runs the dicomnode command in-process with the console captured, as a user would run it.</summary>
internal static class CliRunner
{
    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (output, error) = (new StringWriter(), new StringWriter());
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (Program.Main(args), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}
