using DicomNode.Dicom;

namespace DicomNode.Service.Cli;

/// <summary>
/// Turns the errors a user can cause into one clear line on stderr and an exit code: 0 the work was
/// done, 1 the work failed (a peer, the disk, every subject), 2 bad input or configuration.
/// </summary>
internal static class CliErrors
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;

    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (DicomFormatException ex)
        {
            Console.Error.WriteLine($"error: not a valid DICOM file: {ex.Message}");
            return BadInput;
        }
        catch (DicomNode.Service.Configuration.NodeConfigurationException ex)
        {
            Console.Error.WriteLine($"error: {ex.OneLine}");
            return BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or NotSupportedException
            or TimeoutException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException
            or DicomNode.Dicom.Network.Association.DicomAssociationException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return Failed;
        }
    }

    public static int Run(Action action) => Run(() =>
    {
        action();
        return Ok;
    });

    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (DicomFormatException ex)
        {
            Console.Error.WriteLine($"error: not a valid DICOM file: {ex.Message}");
            return BadInput;
        }
        catch (DicomNode.Service.Configuration.NodeConfigurationException ex)
        {
            Console.Error.WriteLine($"error: {ex.OneLine}");
            return BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or NotSupportedException
            or DicomNode.Dicom.Imaging.DicomUnsupportedTransferSyntaxException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return BadInput;
        }
    }
}
