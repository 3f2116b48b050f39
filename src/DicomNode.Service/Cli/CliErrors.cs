using DicomNode.Dicom;

namespace DicomNode.Service.Cli;

/// <summary>
/// Turns the errors a user can cause into one clear line on stderr and an exit code: 0 the work was
/// done, 1 the work failed (a peer, the disk, every subject), 2 bad input or configuration, 3 the node's
/// database is damaged (run <c>dicomnode repair</c>).
/// </summary>
internal static class CliErrors
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int DatabaseDamaged = 3;

    /// <summary>The one line for a damaged node.db, wherever in the chain of exceptions it was found.</summary>
    public static int Damaged(DicomNode.Workflow.Database.NodeDatabaseDamagedException ex)
    {
        var data = Path.GetDirectoryName(ex.DatabasePath);
        Console.Error.WriteLine($"error: {ex.Message}. Nothing is received from a damaged index: run 'dicomnode repair --data {data}' to rebuild it from the inbox files (the damaged file is kept), or restore node.db from a backup.");
        return DatabaseDamaged;
    }

    /// <summary>A <see cref="DicomNode.Workflow.Database.NodeDatabaseDamagedException"/> in <paramref name="ex"/> or its inner exceptions.</summary>
    public static DicomNode.Workflow.Database.NodeDatabaseDamagedException? DamageIn(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is DicomNode.Workflow.Database.NodeDatabaseDamagedException damaged)
            {
                return damaged;
            }

            if (e is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                return aggregate.InnerExceptions.Select(DamageIn).FirstOrDefault(d => d is not null);
            }
        }

        return null;
    }

    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (DamageIn(ex) is { } damaged)
        {
            return Damaged(damaged);
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
        catch (Exception ex) when (DamageIn(ex) is { } damaged)
        {
            return Damaged(damaged);
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
