using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Dicom.Network.Tests.Interop;
using DicomNode.Dicom.Network.Tests.Interop.Orthanc;
using DicomNode.Phantom;
using DicomNode.Service.Tests.Cli;
using Microsoft.Playwright;

namespace DicomNode.Service.Tests.Node;

/// <summary>
/// Issue 20, acceptance a: a service engineer configures a node with the CLI and with the web console in a real browser
/// (Debian's chromium, headless, driven by Playwright), sends a phantom study, sees the results reach an Orthanc
/// destination, and finds the study, the job, the association and their own changes in the console.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class WebConsoleTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private const string Chromium = "/usr/bin/chromium";
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-console-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ConfiguredWithTheCliAndTheConsole_TheNodeDeliversToOrthanc_AndTheConsoleShowsStudyJobAndAudit()
    {
        Assert.True(File.Exists(Chromium), "chromium is missing: apt-get install chromium (.ci/run installs it)");
        int port = NodeProcess.FreePort(), httpPort = NodeProcess.FreePort();
        using var orthanc = await OrthancPeer.StartAsync("NODE");
        var config = NodeConfig.Create(port, Path.Combine(_folder, "data"), pipeline: "analysis", httpPort: httpPort);
        config.Remove("AcceptAnyCaller");
        config["StudyAssembly"]!["QuietPeriodSeconds"] = 2;
        var configPath = NodeConfig.Write(config, Path.Combine(_folder, "node.json"));

        // With the CLI: the administrator password (from standard input) and the modality as a caller.
        Assert.Equal(0, Cli(Password + "\n", "config", "--config", configPath, "set-admin-password").Code);
        Assert.Equal(0, Cli(null, "config", "--config", configPath, "callers", "add", "MODALITY").Code);
        Assert.DoesNotContain(Password, File.ReadAllText(configPath), StringComparison.Ordinal);

        await using var node = await NodeProcess.StartAsync("--config", configPath);
        using (var health = new HttpClient())
        {
            // The HTTP port opens just after the DICOM listener's "listening on" line.
            await WaitForAsync(async () =>
            {
                try
                {
                    return (await health.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/health"))).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "the HTTP port", TimeSpan.FromSeconds(30));
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        var console = $"http://127.0.0.1:{httpPort}/console";

        // Signed out, the console is the sign-in page; a wrong password is refused.
        await page.GotoAsync(console);
        Assert.EndsWith("/console/login?ReturnUrl=%2Fconsole", page.Url, StringComparison.Ordinal);
        await page.FillAsync("input[name=password]", "not the password");
        await page.ClickAsync("button:has-text('Sign in')");
        Assert.Contains("Wrong password.", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await page.FillAsync("input[name=password]", Password);
        await page.ClickAsync("button:has-text('Sign in')");
        var status = await page.InnerTextAsync("#node");
        Assert.Contains("127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), status, StringComparison.Ordinal);
        Assert.Contains("not for clinical use", status, StringComparison.Ordinal);

        // With the console: a second caller and the Orthanc destination as the default, then its C-ECHO test.
        await page.GotoAsync(console + "/settings");
        Assert.Contains("MODALITY", await page.InnerTextAsync("#callers"), StringComparison.Ordinal);
        await page.FillAsync("form[action='/console/callers/add'] input[name=aeTitle]", "WORKSTATION");
        await page.ClickAsync("button:has-text('Add caller')");
        Assert.Contains("Saved: caller WORKSTATION added.", await page.InnerTextAsync(".message"), StringComparison.Ordinal);
        var addDestination = "form[action='/console/destinations/add']";
        await page.FillAsync($"{addDestination} input[name=name]", "pacs");
        await page.FillAsync($"{addDestination} input[name=aeTitle]", OrthancPeer.AeTitle);
        await page.FillAsync($"{addDestination} input[name=host]", "127.0.0.1");
        await page.FillAsync($"{addDestination} input[name=port]", orthanc.DicomPort.ToString(CultureInfo.InvariantCulture));
        await page.CheckAsync($"{addDestination} input[name=isDefault]");
        await page.ClickAsync("button:has-text('Save destination')");
        Assert.Contains("Saved: destination pacs saved as the default.", await page.InnerTextAsync(".message"), StringComparison.Ordinal);
        await page.ClickAsync("#destinations button:has-text('C-ECHO test')");
        Assert.Contains($"pacs ({OrthancPeer.AeTitle}@127.0.0.1:{orthanc.DicomPort}): C-ECHO succeeded", await page.InnerTextAsync(".message"), StringComparison.Ordinal);

        // A form without the anti-forgery token is refused, signed in or not.
        var form = page.APIRequest.CreateFormData();
        form.Set("aeTitle", "HIJACKED");
        var forged = await page.APIRequest.PostAsync(console + "/ae", new() { Form = form });
        Assert.Equal(400, forged.Status);
        Assert.DoesNotContain("HIJACKED", File.ReadAllText(configPath), StringComparison.Ordinal);

        // The file the console wrote is the one the node and the CLI read.
        var written = JsonNode.Parse(File.ReadAllText(configPath))!;
        Assert.Equal("pacs", written["Routing"]!["DefaultDestination"]!.GetValue<string>());
        Assert.Equal(["MODALITY", "WORKSTATION"], written["AcceptedCallers"]!.AsArray().Select(c => c!["AeTitle"]!.GetValue<string>()));

        // A phantom study from the modality; its SEGs and SR reach Orthanc.
        var subject = PhantomGenerator.Generate(10003, PhantomGenerator.ProfileForSeed(10003), Path.Combine(_folder, "phantom"));
        var study = Part10Reader.ReadFile(Directory.GetFiles(Path.Combine(subject, "dicom"), "*.dcm", SearchOption.AllDirectories)[0]).Dataset;
        // The modality's C-ECHO is answered before it sends (one CI run's storescu found no association right after the
        // console's edits, on a loaded machine); if it never is, the last echo's output is the failure message.
        var echo = (Code: -1, Output: string.Empty);
        for (var attempt = 0; attempt < 20 && echo.Code != 0; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(1000);
            }

            echo = await PeerProcess.RunAsync("echoscu", ["-aet", "MODALITY", "-aec", "NODE", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(30));
        }

        Assert.True(echo.Code == 0, echo.Output);
        var (code, send) = await PeerProcess.RunAsync("storescu", ["-aet", "MODALITY", "-aec", "NODE", "+sd", "+r", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), Path.Combine(subject, "dicom")], TimeSpan.FromMinutes(5));
        Assert.True(code == 0, send);
        await WaitForAsync(async () => (await orthanc.InstancesAsync()).Length >= 2, "the results at Orthanc", TimeSpan.FromMinutes(5));

        await page.GotoAsync(console + "/studies");
        var studies = await page.InnerTextAsync("#studies");
        Assert.Contains(study.GetString(DicomTags.PatientID)!.Trim(), studies, StringComparison.Ordinal);
        Assert.Contains("MODALITY", studies, StringComparison.Ordinal);

        await WaitForAsync(async () =>
        {
            await page.GotoAsync(console + "/jobs");
            return (await page.InnerTextAsync("#jobs")).Contains("succeeded", StringComparison.Ordinal);
        }, "the job to succeed in the console", TimeSpan.FromMinutes(2));
        Assert.Contains(study.GetUid(DicomTags.StudyInstanceUID)!, await page.InnerTextAsync("#jobs"), StringComparison.Ordinal);

        await page.GotoAsync(console + "/outbox");
        Assert.Contains("sent", await page.InnerTextAsync("#outbox"), StringComparison.Ordinal);

        await page.GotoAsync(console + "/audit");
        var audit = await page.InnerTextAsync("pre");
        Assert.Contains("\"calling\":\"MODALITY\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"by\":\"admin from 127.0.0.1 (console)\",\"change\":\"caller WORKSTATION added\"", audit, StringComparison.Ordinal);
        Assert.Contains("console sign-in refused: wrong password", audit, StringComparison.Ordinal);
        // The node's own record of the file it took, whoever edited it.
        Assert.Contains($"\"by\":\"configuration file {configPath}\",\"change\":\"caller added: WORKSTATION\"", audit, StringComparison.Ordinal);
        Assert.Contains("C-ECHO test: pacs", audit, StringComparison.Ordinal);

        await page.GotoAsync(console + "/log");
        Assert.Contains("listening on", await page.InnerTextAsync("pre"), StringComparison.Ordinal);
        Assert.DoesNotContain(study.GetString(DicomTags.PatientID)!.Trim(), await page.InnerTextAsync("pre"), StringComparison.Ordinal);
    }

    private static (int Code, string Output) Cli(string? input, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dicomnode.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Write(input ?? string.Empty);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dicomnode {string.Join(' ', arguments)}: {output}");
        return (process.ExitCode, output);
    }

    private static async Task WaitForAsync(Func<Task<bool>> probe, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await probe())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(500);
        }
    }
}

/// <summary>Http:Https: the console (and /health) served over HTTPS with the node's certificate, never over plain HTTP.</summary>
public sealed class WebConsoleHttpsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-console-https-").FullName;
    private readonly DicomNode.Dicom.Network.Tests.Interop.Tls.TestCertificates _certificates = new();

    public void Dispose()
    {
        _certificates.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task WithHttps_TheConsoleAnswersOverTlsWithTheNodesCertificate_AndSecureCookies()
    {
        int port = NodeProcess.FreePort(), httpPort = NodeProcess.FreePort();
        var config = NodeConfig.Create(port, Path.Combine(_folder, "data"), httpPort: httpPort);
        config["Http"]!["Https"] = true;
        config["Node"]!["Tls"] = new JsonObject { ["CertificatePath"] = _certificates.ServerCertificate, ["KeyPath"] = _certificates.ServerKey };
        await using var node = await NodeProcess.StartAsync("--config", NodeConfig.Write(config, Path.Combine(_folder, "node.json")));

        var authority = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        authority.ImportFromPemFile(_certificates.CaCertificate);
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, chain, _) =>
            {
                chain!.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(authority);
                chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
                return chain.Build(certificate!);
            },
        };
        using var https = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };

        // The HTTP port opens just after the DICOM listener's "listening on" line.
        HttpResponseMessage? login = null;
        for (var attempt = 0; login is null; attempt++)
        {
            try
            {
                login = await https.GetAsync(new Uri($"https://127.0.0.1:{httpPort}/console/login"));
            }
            catch (HttpRequestException) when (attempt < 100)
            {
                await Task.Delay(200);
            }
        }

        using var _ = login;

        Assert.Equal(System.Net.HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("Sign in", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.All(login.Headers.GetValues("Set-Cookie"), cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await https.GetAsync(new Uri($"https://127.0.0.1:{httpPort}/health"))).StatusCode);

        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/health")));
    }
}
