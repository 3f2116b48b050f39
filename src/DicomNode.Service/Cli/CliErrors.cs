using DicomNode.Dicom;

namespace DicomNode.Service.Cli;

/// <summary>Turns the errors a user can cause into one clear line on stderr and a non-zero exit code.</summary>
internal static class CliErrors
{
    public const int Ok = 0;
    public const int BadInput = 2;

    public static int Run(Action action)
    {
        try
        {
            action();
            return Ok;
        }
        catch (DicomFormatException ex)
        {
            Console.Error.WriteLine($"error: not a valid DICOM file: {ex.Message}");
            return BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or NotSupportedException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return BadInput;
        }
    }
}
