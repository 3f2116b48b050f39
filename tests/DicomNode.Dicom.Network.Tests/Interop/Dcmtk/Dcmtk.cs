namespace DicomNode.Dicom.Network.Tests.Interop.Dcmtk;

/// <summary>Runs DCMTK's echoscu and storescu against a peer on loopback, with bounded waits.</summary>
internal static class Dcmtk
{
    public const string CallingAeTitle = "STORESCU";

    /// <summary>What storescu -v logs for each instance the peer stored.</summary>
    public const string StoreSucceeded = "Received Store Response (Success)";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>echoscu, verbose; returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> EchoAsync(int port, string calledAeTitle = StorageScpFixture.AeTitle, string callingAeTitle = CallingAeTitle) =>
        PeerProcess.RunAsync("echoscu", new[] { "-v", "-aet", callingAeTitle, "-aec", calledAeTitle, "127.0.0.1", port.ToString() }, Timeout);

    /// <summary>
    /// storescu, verbose, proposing only the SOP classes and transfer syntaxes the files need (-R);
    /// <paramref name="options"/> go before the peer and the files.
    /// </summary>
    public static Task<(int ExitCode, string Output)> StoreAsync(int port, IEnumerable<string> files, IEnumerable<string>? options = null, string calledAeTitle = StorageScpFixture.AeTitle, string callingAeTitle = CallingAeTitle) =>
        PeerProcess.RunAsync("storescu", StoreArguments(port, files, options, calledAeTitle, callingAeTitle), Timeout);

    public static PeerProcess StartStore(int port, IEnumerable<string> files, IEnumerable<string>? options = null) =>
        PeerProcess.Start("storescu", StoreArguments(port, files, options, StorageScpFixture.AeTitle, CallingAeTitle));

    /// <summary>
    /// The storescu option that proposes <paramref name="syntax"/> besides the uncompressed ones; null
    /// for uncompressed data, which storescu proposes by default. Without it storescu would decompress.
    /// </summary>
    public static string? ProposalOption(DicomTransferSyntax syntax) => syntax.Uid switch
    {
        "1.2.840.10008.1.2.4.50" => "-xy",
        "1.2.840.10008.1.2.4.51" => "-xx",
        "1.2.840.10008.1.2.4.70" => "-xs",
        "1.2.840.10008.1.2.4.80" => "-xt",
        "1.2.840.10008.1.2.4.81" => "-xu",
        "1.2.840.10008.1.2.4.90" => "-xv",
        "1.2.840.10008.1.2.4.91" => "-xw",
        "1.2.840.10008.1.2.5" => "-xr",
        "1.2.840.10008.1.2.1.99" => "-xd",
        "1.2.840.10008.1.2" or "1.2.840.10008.1.2.1" or "1.2.840.10008.1.2.2" => null,
        _ => throw new ArgumentException($"storescu has no option to propose {syntax}", nameof(syntax)),
    };

    private static IEnumerable<string> StoreArguments(int port, IEnumerable<string> files, IEnumerable<string>? options, string calledAeTitle, string callingAeTitle) =>
        new[] { "-v", "-R", "-aet", callingAeTitle, "-aec", calledAeTitle }
            .Concat(options ?? Array.Empty<string>())
            .Concat(new[] { "127.0.0.1", port.ToString() })
            .Concat(files);

    /// <summary>How often <paramref name="value"/> occurs in a tool's output.</summary>
    public static int Count(string output, string value)
    {
        var count = 0;
        for (var at = output.IndexOf(value, StringComparison.Ordinal); at >= 0; at = output.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
