using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Dicom.Network.Acse;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Services;

namespace DicomNode.Service.Tests.Cli;

/// <summary>The echo, send and serve verbs against real associations on loopback.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class NetworkVerbTests : IAsyncLifetime
{
    private const string Corpus = "/usr/lib/python3/dist-packages/pydicom/data/test_files";
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-verbs-").FullName;
    private DicomServer? _server;

    public Task InitializeAsync()
    {
        var policy = new AssociationPolicyOptions { AeTitle = "PEER", AcceptAnyCaller = true, SupportedAbstractSyntaxes = StandardSyntaxes.StorageScp() };
        _server = new DicomServer(new DicomServerOptions { BindAddress = "127.0.0.1", Port = 0, Policy = () => policy }, new FolderStoreHandler(_folder));
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Echo_ReportsSuccessAndExitsZero()
    {
        var (code, output, _) = CliRunner.Run("echo", "127.0.0.1", Port, "--aec", "PEER");
        Assert.Equal(0, code);
        Assert.Contains("0000 (Success)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Echo_ToAWrongAeTitle_SaysWhyAndExitsNonZero()
    {
        var (code, _, error) = CliRunner.Run("echo", "127.0.0.1", Port, "--aec", "NOBODY");
        Assert.Equal(1, code);
        Assert.Contains("called AE title not recognized", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Send_AFolderAndAFile_ReportsEachFileAndStoresThem()
    {
        var source = Directory.CreateTempSubdirectory("dicomnode-send-").FullName;
        try
        {
            File.Copy(Path.Combine(Corpus, "CT_small.dcm"), Path.Combine(source, "a.dcm"));
            File.Copy(Path.Combine(Corpus, "rtdose.dcm"), Path.Combine(source, "b.dcm"));
            var (code, output, _) = CliRunner.Run("send", "127.0.0.1", Port, "--aec", "PEER", source, Path.Combine(Corpus, "MR_small.dcm"));
            Assert.Equal(0, code);
            Assert.Contains("3 of 3 sent, 0 failed.", output, StringComparison.Ordinal);
            Assert.Equal(3, Directory.GetFiles(_folder, "*.dcm").Length);
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    [Fact]
    public void Send_ANonDicomFile_IsReportedAndTheExitCodeSaysSo()
    {
        var junk = Path.Combine(_folder, "junk.txt");
        File.WriteAllText(junk, "hello");
        var (code, output, _) = CliRunner.Run("send", "127.0.0.1", Port, "--aec", "PEER", junk, Path.Combine(Corpus, "CT_small.dcm"));
        Assert.Equal(1, code);
        Assert.Contains("1 of 2 sent, 1 failed.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_StoresWhatItReceivesAndAuditsTheAssociation()
    {
        var data = Path.Combine(_folder, "served");
        var port = NodeProcess.FreePort();
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "appsettings.json"), """{ "AcceptedCallers": [ { "AeTitle": "TEST" } ] }""");
        await using var serve = await NodeProcess.StartAsync("--aet", "NODE", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--data", data, "--http-port", "0");
        {
            var client = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = port, CallingAeTitle = "TEST", CalledAeTitle = "NODE" });
            Assert.Equal(DimseStatus.Success, await client.EchoAsync());
            var results = await client.StoreFilesAsync(new[] { Path.Combine(Corpus, "CT_small.dcm") });
            Assert.True(results[0].Succeeded, results[0].ToString());

            var stored = Part10Reader.ReadFile(Assert.Single(Directory.GetFiles(data, "*.dcm", SearchOption.AllDirectories)));
            Assert.Equal("CT", stored.Dataset.GetString(DicomTags.Modality));
            var audit = await WaitForAuditAsync(Path.Combine(data, "logs"), 2);
            // Two associations (echo, then store); their lines may be written in either order.
            Assert.All(audit, line => Assert.Contains("\"calling\":\"TEST\"", line, StringComparison.Ordinal));
            Assert.Single(audit, line => line.Contains("\"instancesStored\":1", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Serve_WithAnInvalidConfiguration_NamesTheKeyAndExitsWithTwo()
    {
        var config = Path.Combine(_folder, "bad.json");
        File.WriteAllText(config, """{ "Node": { "AeTitle": "THIS-AE-TITLE-IS-FAR-TOO-LONG", "Port": 70000 } }""");
        var (code, _, error) = CliRunner.Run("serve", "--config", config, "--data", Path.Combine(_folder, "d"));
        Assert.Equal(2, code);
        Assert.Contains("Node:AeTitle", error, StringComparison.Ordinal);
        Assert.Contains("Node:Port 70000", error, StringComparison.Ordinal);
    }

    private static async Task<string[]> WaitForAuditAsync(string folder, int lines)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var file = Directory.Exists(folder) ? Directory.GetFiles(folder, "audit-*.jsonl").FirstOrDefault() : null;
            if (file is not null)
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                var text = await new StreamReader(stream).ReadToEndAsync();
                var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (all.Length >= lines)
                {
                    return all;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "the audit log did not record the associations");
            await Task.Delay(100);
        }
    }

    private string Port => _server!.LocalEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

}
