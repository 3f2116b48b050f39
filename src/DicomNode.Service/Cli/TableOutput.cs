using Spectre.Console;

namespace DicomNode.Service.Cli;

/// <summary>Tables for people at a terminal; unwrapped wide rows when the output goes to a file or a pipe.</summary>
internal static class TableOutput
{
    public static void Write(Table table, string? emptyNote = null)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            // No terminal width to honour: keep UIDs and paths on one line so that scripts can read them.
            console.Profile.Width = 1024;
        }

        if (emptyNote is not null)
        {
            console.WriteLine(emptyNote);
            return;
        }

        console.Write(table);
    }
}
