using System.Globalization;
using System.Security.Claims;
using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Service.Configuration;
using DicomNode.Service.Hosting;
using DicomNode.Service.Observability;
using DicomNode.Workflow.Jobs;
using DicomNode.Workflow.Outbox;
using DicomNode.Workflow.Storage;
using DicomNode.Workflow.Studies;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static DicomNode.Service.WebConsole.ConsolePage;

namespace DicomNode.Service.WebConsole;

/// <summary>
/// The web console under /console on the node's localhost-only HTTP port: status, AE title, callers and destinations
/// (with a C-ECHO test), received studies, jobs and the outbox (with retry), the audit trail and the log tail.
/// Server-rendered pages, no script. One local administrator (Console:AdminPasswordHash, set with `dicomnode config
/// set-admin-password`) signs in with a cookie (HttpOnly, SameSite=Strict, 30 minutes sliding; Secure under HTTPS, Http:Https); every form carries an
/// anti-forgery token; every change is written to the configuration file the node reads (validated as the CLI's edits
/// are) and to the audit trail with who made it.
/// </summary>
internal static class ConsoleEndpoints
{
    private const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public static void AddConsole(this IServiceCollection services, bool https)
    {
        services.AddAuthentication(Scheme).AddCookie(Scheme, options =>
        {
            options.LoginPath = "/console/login";
            options.Cookie.Name = "dicomnode-console";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            options.SlidingExpiration = true;
        });
        services.AddAuthorization();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "dicomnode-console-antiforgery";
            options.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
    }

    public static void MapConsole(this WebApplication app, ConsoleContext node)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/console", StringComparison.Ordinal))
            {
                context.Response.Headers["Content-Security-Policy"] = "default-src 'self'; form-action 'self'; frame-ancestors 'none'";
                context.Response.Headers["X-Content-Type-Options"] = "nosniff";
                context.Response.Headers["Cache-Control"] = "no-store";
            }

            await next(context).ConfigureAwait(false);
        });

        app.MapGet("/console/style.css", () => Results.Text(StyleSheet, "text/css"));
        app.MapGet("/console/login", (HttpContext http, IAntiforgery antiforgery, string? message) =>
        {
            var page = new ConsolePage("Sign in", Token(http, antiforgery), message, signedIn: false);
            if (string.IsNullOrEmpty(node.Settings.Current.Console.AdminPasswordHash))
            {
                page.Paragraph("The console has no administrator password yet. On this machine, run: dicomnode config set-admin-password", "warning");
                return Html(page);
            }

            return Html(page.Form("/console/login", "Sign in", [new Field("password", "Administrator password", Type: "password", Required: true)]));
        });
        app.MapPost("/console/login", async (HttpContext http, [FromForm] string password) =>
        {
            if (!AdminPassword.Verify(password, node.Settings.Current.Console.AdminPasswordHash))
            {
                node.Audit.ConfigurationChanged(Who(http, "someone"), "console sign-in refused: wrong password");
                await Task.Delay(TimeSpan.FromSeconds(1), node.Time).ConfigureAwait(false);
                return Results.Redirect("/console/login?message=" + Uri.EscapeDataString("Wrong password."));
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], Scheme);
            await http.SignInAsync(Scheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
            node.Audit.ConfigurationChanged(Who(http, "admin"), "signed in to the console");
            return Results.Redirect("/console");
        });

        var console = app.MapGroup("/console").RequireAuthorization();
        console.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(Scheme).ConfigureAwait(false);
            return Results.Redirect("/console/login");
        });
        console.MapGet("", (HttpContext http, IAntiforgery antiforgery, string? message) => Html(StatusPage(node, new ConsolePage("Status", Token(http, antiforgery), message))));
        console.MapGet("/settings", (HttpContext http, IAntiforgery antiforgery, string? message) => Html(SettingsPage(node, new ConsolePage("AE title, callers, destinations", Token(http, antiforgery), message))));
        console.MapGet("/studies", (HttpContext http, IAntiforgery antiforgery) => Html(StudiesPage(node, new ConsolePage("Received studies", Token(http, antiforgery), null))));
        console.MapGet("/jobs", (HttpContext http, IAntiforgery antiforgery, string? message) => Html(JobsPage(node, new ConsolePage("Jobs", Token(http, antiforgery), message))));
        console.MapGet("/outbox", (HttpContext http, IAntiforgery antiforgery, string? message) => Html(OutboxPage(node, new ConsolePage("Outbox", Token(http, antiforgery), message))));
        console.MapGet("/audit", (HttpContext http, IAntiforgery antiforgery) => Html(new ConsolePage("Audit trail", Token(http, antiforgery), null)
            .Paragraph("Associations (who called, from where, what was decided) and configuration changes (who, what), newest last.")
            .Preformatted(node.Audit.Tail(200))));
        console.MapGet("/log", (HttpContext http, IAntiforgery antiforgery) => Html(new ConsolePage("Log", Token(http, antiforgery), null).Preformatted(LogTail(node, 200))));

        console.MapPost("/ae", (HttpContext http, [FromForm] string aeTitle) =>
            Edit(node, http, "/console/settings", config => ConfigEdits.SetAeTitle(config, aeTitle.Trim())));
        console.MapPost("/callers/add", (HttpContext http, [FromForm] string aeTitle, [FromForm] string? host, [FromForm] string? destination) =>
            Edit(node, http, "/console/settings", config => ConfigEdits.AddCaller(config, aeTitle.Trim(), host?.Trim(), null, destination?.Trim())));
        console.MapPost("/callers/remove", (HttpContext http, [FromForm] string aeTitle) =>
            Edit(node, http, "/console/settings", config => ConfigEdits.RemoveCaller(config, aeTitle)));
        console.MapPost("/destinations/add", (HttpContext http, [FromForm] string name, [FromForm] string aeTitle, [FromForm] string host, [FromForm] string port,
            [FromForm] string? tls, [FromForm] string? isDefault, [FromForm] string? outputs) =>
            int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? Edit(node, http, "/console/settings", config => ConfigEdits.SaveDestination(config, name.Trim(), aeTitle.Trim(), host.Trim(), number, tls == "true", isDefault == "true",
                    outputs?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
                : Back("/console/settings", $"The port '{port}' is not a number; nothing was changed."));
        console.MapPost("/destinations/remove", (HttpContext http, [FromForm] string name) =>
            Edit(node, http, "/console/settings", config => ConfigEdits.RemoveDestination(config, name)));
        console.MapPost("/destinations/echo", async (HttpContext http, [FromForm] string name) =>
        {
            string message;
            try
            {
                var settings = ConfigFile.Open(node.ConfigurationFile).ToSettings();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                message = (await ConfigEdits.EchoAsync(settings, name, timeout.Token).ConfigureAwait(false)).Message;
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or System.Net.Sockets.SocketException or OperationCanceledException
                or Dicom.Network.Association.DicomAssociationException)
            {
                message = $"C-ECHO to {name} failed: {ex.Message}";
            }

            node.Audit.ConfigurationChanged(Who(http, "admin"), $"C-ECHO test: {message}");
            return Back("/console/settings", message);
        });
        console.MapPost("/jobs/retry", (HttpContext http, [FromForm] long id) =>
        {
            var result = node.Workflow.Jobs.Retry(id);
            if (result.Queued)
            {
                node.Workflow.Runner.Notify();
            }

            node.Audit.ConfigurationChanged(Who(http, "admin"), $"job retry: {result.Message}");
            return Back("/console/jobs", result.Message);
        });
        console.MapPost("/outbox/retry", (HttpContext http, [FromForm] long id) =>
        {
            var item = node.Workflow.OutboxStore.Get(id);
            var count = item is null ? 0 : node.Workflow.OutboxStore.Retry(node.Time.GetUtcNow(), id);
            if (count > 0)
            {
                node.Workflow.Delivery.Notify(item!.Destination);
            }

            var message = count > 0 ? $"Outbox item {id} is queued again for {item!.Destination}." : $"Outbox item {id} is not failed; nothing to retry.";
            node.Audit.ConfigurationChanged(Who(http, "admin"), $"outbox retry: {message}");
            return Back("/console/outbox", message);
        });
    }

    private static ConsolePage StatusPage(ConsoleContext node, ConsolePage page)
    {
        var settings = node.Settings.Current;
        var data = Path.GetFullPath(settings.Node.DataDirectory);
        var free = FreeSpaceGuard.AvailableBytes(data);
        page.Section("Node").Table("node", ["", ""],
        [
            ["AE title", settings.Node.AeTitle],
            ["DICOM listener", node.Listener.LocalEndPoint?.ToString() ?? "not listening yet"],
            ["Configuration file", node.ConfigurationFile],
            ["Data folder", $"{data} ({free / 1048576.0:0} MB free)"],
            ["Models", settings.Models.ResolveManifest() + " (demonstration models: not for clinical use)"],
            ["Execution provider asked for", settings.Models.ExecutionProvider],
            ["Accepted callers", settings.AcceptAnyCaller ? "any (AcceptAnyCaller)" : string.Join(", ", settings.AcceptedCallers.Select(c => c.AeTitle))],
            ["Destinations", string.Join(", ", settings.Destinations.Select(d => $"{d.Name} ({d.AeTitle}@{d.Host}:{d.Port})"))],
        ], "none");
        page.Section("Queue").Table("queue", ["what", "count"],
            node.Workflow.Jobs.CountByState().Select(kv => (IReadOnlyList<object?>)[$"jobs {kv.Key.ToString().ToLowerInvariant()}", kv.Value])
                .Concat(node.Workflow.OutboxStore.Depths().Select(d => (IReadOnlyList<object?>)[$"outbox {d.Destination} {d.State.ToString().ToLowerInvariant()}", d.Count])),
            "No jobs and nothing in the outbox.");
        var removed = node.Workflow.Retention.Total;
        return page.Section("Retention since start").Paragraph(
            $"{removed.Studies} studies ({removed.Instances} instances), {removed.JobFolders} job folders and {removed.DeliveredRecords} delivered-result records removed; {removed.Bytes / 1048576.0:0.#} MB freed.");
    }

    private static ConsolePage SettingsPage(ConsoleContext node, ConsolePage page)
    {
        var settings = ConfigFile.Open(node.ConfigurationFile).ToSettings();
        page.Paragraph($"Changes are written to {node.ConfigurationFile}; the node takes them at once (a changed port needs a restart).");
        page.Section("AE title").Form("/console/ae", "Change", [new Field("aeTitle", "Node AE title", settings.Node.AeTitle, Required: true)]);

        page.Section("Accepted callers").Table("callers", ["AE title", "Host", "Destination", ""],
            settings.AcceptedCallers.Select(c => (IReadOnlyList<object?>)[c.AeTitle, c.Host ?? "any", c.Destination ?? "default",
                page.InlineForm("/console/callers/remove", "Remove", Field.Hidden("aeTitle", c.AeTitle))]),
            settings.AcceptAnyCaller ? "AcceptAnyCaller is true: any calling AE title is accepted." : "No callers: every association is rejected until one is added.");
        page.Form("/console/callers/add", "Add caller",
            [new Field("aeTitle", "AE title", Required: true), new Field("host", "IP address (optional)"), new Field("destination", "Destination (optional)")]);

        page.Section("Destinations").Table("destinations", ["Name", "AE title", "Host", "Port", "TLS", "Default", "Outputs", "", ""],
            settings.Destinations.Select(d => (IReadOnlyList<object?>)[d.Name, d.AeTitle, d.Host, d.Port, d.Tls ? "yes" : "no",
                d.Name == settings.Routing.DefaultDestination ? "yes" : string.Empty,
                d.Outputs is { Count: > 0 } names ? string.Join(", ", names) : "Seg, Sr, KeyImages (default)",
                page.InlineForm("/console/destinations/echo", "C-ECHO test", Field.Hidden("name", d.Name)),
                page.InlineForm("/console/destinations/remove", "Remove", Field.Hidden("name", d.Name))]),
            "No destinations: results are kept but not sent.");
        return page.Form("/console/destinations/add", "Save destination",
        [
            new Field("name", "Name", Required: true), new Field("aeTitle", "AE title", Required: true), new Field("host", "Host", Required: true),
            new Field("port", "Port", "104", "number", Required: true), new Field("tls", "TLS", Type: "checkbox"), new Field("isDefault", "Default", Type: "checkbox"),
            new Field("outputs", "Outputs (Seg, Sr, KeyImages, Pdf; empty: as before, or the default)"),
        ]);
    }

    private static ConsolePage StudiesPage(ConsoleContext node, ConsolePage page)
    {
        var studies = new StudyCatalog(node.Workflow.Database).Recent();
        return page.Paragraph("Patient data is shown here only; the node never writes it to its logs.").Table("studies",
            ["Patient ID", "Patient name", "Accession", "Study date", "Description", "From", "Series", "Instances", "Last received", "Job"],
            studies.Select(s =>
            {
                var header = Header(s.AnyInstancePath);
                return (IReadOnlyList<object?>)[header?.GetString(DicomTags.PatientID), header?.GetString(DicomTags.PatientName), header?.GetString(DicomTags.AccessionNumber),
                    header?.GetString(DicomTags.StudyDate), header?.GetString(DicomTags.StudyDescription), s.CallingAeTitle, s.SeriesCount, s.InstanceCount,
                    When(s.LastReceivedAt), s.LatestJobId];
            }),
            "No study received yet.");
    }

    private static ConsolePage JobsPage(ConsoleContext node, ConsolePage page) => page.Table("jobs",
        ["Job", "Study", "From", "State", "Reason", "Summary", "Created", "Finished", ""],
        node.Workflow.Jobs.List(limit: 200).Select(j => (IReadOnlyList<object?>)[j.Id, j.StudyInstanceUid, j.CallingAeTitle, j.State.ToString().ToLowerInvariant(), j.Reason, j.Summary,
            When(j.CreatedAt), When(j.FinishedAt), j.State == JobState.Failed ? page.InlineForm("/console/jobs/retry", "Retry", Field.Hidden("id", j.Id.ToString(CultureInfo.InvariantCulture))) : string.Empty]),
        "No jobs yet.");

    private static ConsolePage OutboxPage(ConsoleContext node, ConsolePage page) => page.Table("outbox",
        ["Item", "Destination", "Job", "SOP Instance UID", "State", "Attempts", "Queued", "Sent", "Last error", ""],
        node.Workflow.OutboxStore.List(limit: 200).Select(i => (IReadOnlyList<object?>)[i.Id, i.Destination, i.JobId, i.SopInstanceUid, i.State.ToString().ToLowerInvariant(), i.Attempts,
            When(i.EnqueuedAt), When(i.SentAt), i.LastError, i.State == OutboxState.Failed ? page.InlineForm("/console/outbox/retry", "Retry", Field.Hidden("id", i.Id.ToString(CultureInfo.InvariantCulture))) : string.Empty]),
        "The outbox is empty.");

    private static IResult Edit(ConsoleContext node, HttpContext http, string back, Func<ConfigFile, string> edit)
    {
        string message;
        try
        {
            var problems = ConfigFileCheck.Check(node.ConfigurationFile);
            if (problems.Count > 0)
            {
                throw new NodeConfigurationException(problems);
            }

            var config = ConfigFile.Open(node.ConfigurationFile);
            message = edit(config);
            config.Save();
            node.Audit.ConfigurationChanged(Who(http, "admin"), message);
            message = $"Saved: {message}.";
        }
        catch (NodeConfigurationException ex)
        {
            message = $"Not saved: {ex.OneLine}";
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            message = $"Not saved: {ex.Message}";
        }

        return Back(back, message);
    }

    private static IResult Back(string page, string message) => Results.Redirect(page + "?message=" + Uri.EscapeDataString(message));

    private static IResult Html(ConsolePage page) => Results.Content(page.Render(), "text/html; charset=utf-8");

    private static (string, string)? Token(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return (tokens.FormFieldName, tokens.RequestToken!);
    }

    private static string Who(HttpContext http, string fallback) =>
        $"{http.User.Identity?.Name ?? fallback} from {http.Connection.RemoteIpAddress} (console)";

    private static DicomDataset? Header(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return Part10Reader.ReadFile(path, new DicomReadOptions { StopBeforePixelData = true }).Dataset;
        }
        catch (Exception ex) when (ex is DicomFormatException or IOException)
        {
            return null;
        }
    }

    private static IEnumerable<string> LogTail(ConsoleContext node, int count)
    {
        var folder = node.Settings.Current.Log.ResolveDirectory(node.Settings.Current.Node.DataDirectory);
        var newest = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "dicomnode-*.log").Order(StringComparer.Ordinal).LastOrDefault() : null;
        if (newest is null)
        {
            return ["(no log file yet)"];
        }

        using var stream = new FileStream(newest, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new Queue<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Enqueue(line);
            if (lines.Count > count)
            {
                lines.Dequeue();
            }
        }

        return lines;
    }
}

/// <summary>What the console shows and changes.</summary>
internal sealed record ConsoleContext(LiveNodeSettings Settings, NodeWorkflow Workflow, DicomListenerService Listener, AuditLog Audit, string ConfigurationFile, TimeProvider Time);
