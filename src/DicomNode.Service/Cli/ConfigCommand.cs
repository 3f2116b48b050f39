using System.CommandLine;
using System.Text.Json.Nodes;
using DicomNode.Dicom.Network.Services;
using DicomNode.Service.Configuration;
using Spectre.Console;

namespace DicomNode.Service.Cli;

/// <summary>
/// <c>dicomnode config ...</c>: shows and edits the configuration file the service reads; a running
/// service takes AE title, caller and destination changes without a restart.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var file = new Option<FileInfo?>("--config") { Description = "The configuration file. " + ConfigLocation.Rule, Recursive = true };
        var data = new Option<DirectoryInfo?>("--data") { Description = "The node's data folder (serve --data), whose appsettings.json is edited when there is no --config and no installed file.", Recursive = true };
        var command = new Command("config", "Show and edit the node's configuration: the file serve reads. " + ConfigLocation.Rule) { file, data };
        command.Add(Show(file));
        command.Add(SetAe(file));
        command.Add(Callers(file));
        command.Add(Destinations(file));
        command.Add(SetAdminPassword(file));
        return command;
    }

    private static Command SetAdminPassword(Option<FileInfo?> file)
    {
        var command = new Command("set-admin-password",
            "Set the web console's administrator password (at least 12 characters; read from standard input, or asked twice at a terminal). Only its salted hash is stored.");
        command.SetAction(result => Edit(result, file, config => ConfigEdits.SetAdminPassword(config, ReadPassword())));
        return command;
    }

    private static string ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine() ?? throw new InvalidOperationException("no password on standard input.");
        }

        var first = Prompt("New console password: ");
        if (Prompt("Again: ") != first)
        {
            throw new InvalidOperationException("the two passwords differ; nothing was changed.");
        }

        return first;
    }

    private static string Prompt(string text)
    {
        Console.Write(text);
        var password = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                password.Length = Math.Max(0, password.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        Console.WriteLine();
        return password.ToString();
    }

    private static string PathOf(ParseResult result, Option<FileInfo?> file) =>
        ConfigLocation.Resolve(result.GetValue(file)?.FullName, result.GetValue<DirectoryInfo?>("--data")?.FullName).Path;

    private static Command Show(Option<FileInfo?> file)
    {
        var command = new Command("show", "Print the configuration in force from this file, defaults included.");
        command.SetAction(result => CliErrors.Run(() =>
        {
            var path = PathOf(result, file);
            var fileProblems = ConfigFileCheck.Check(path);
            if (fileProblems.Count > 0)
            {
                throw new NodeConfigurationException(fileProblems);
            }

            var config = ConfigFile.Open(path);
            var settings = config.ToSettings();
            Console.WriteLine(File.Exists(config.Path) ? $"# {config.Path}" : $"# {config.Path} (does not exist yet: the defaults)");
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(settings, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            var data = result.GetValue<DirectoryInfo?>("--data")?.FullName ?? Path.GetFullPath(settings.Node.DataDirectory);
            if (ServeOverrides.ReadRunning(data) is { } running)
            {
                foreach (var (key, value) in running.Values)
                {
                    Console.WriteLine($"# override: the running serve (process {running.ProcessId}) uses {key} = {value} from its command line, not this file's value");
                }
            }
            else
            {
                Console.WriteLine("# serve --aet/--port/--bind/--data/--http-port override these values while that serve runs; config show lists them then.");
            }
            var problems = NodeSettingsValidator.Validate(settings);
            foreach (var problem in problems)
            {
                Console.Error.WriteLine($"invalid: {problem}");
            }
        }));
        return command;
    }

    private static Command SetAe(Option<FileInfo?> file)
    {
        var title = new Argument<string>("AET") { Description = "The node's new AE title (1 to 16 characters)." };
        var command = new Command("set-ae", "Change the node's AE title.") { title };
        command.SetAction(result => Edit(result, file, config => ConfigEdits.SetAeTitle(config, result.GetValue(title)!)));
        return command;
    }

    private static Command Callers(Option<FileInfo?> file)
    {
        var command = new Command("callers", "Calling AE titles allowed to send to the node (none listed: no caller, unless AcceptAnyCaller is true).");
        var aet = new Argument<string>("AET") { Description = "The caller's AE title." };
        var host = new Option<string?>("--host") { Description = "Accept this AE title only from this IP address." };
        var quiet = new Option<int?>("--quiet-period") { Description = "Seconds without new instances before a study from this caller is complete." };
        var destination = new Option<string?>("--destination") { Description = "Destination (by name) for this caller's results." };
        var add = new Command("add", "Accept a calling AE title.") { aet, host, quiet, destination };
        add.SetAction(result => Edit(result, file, config =>
            ConfigEdits.AddCaller(config, result.GetValue(aet)!, result.GetValue(host), result.GetValue(quiet), result.GetValue(destination))));

        var removeAet = new Argument<string>("AET") { Description = "The caller's AE title." };
        var remove = new Command("remove", "Stop accepting a calling AE title.") { removeAet };
        remove.SetAction(result => Edit(result, file, config => ConfigEdits.RemoveCaller(config, result.GetValue(removeAet)!)));

        var list = new Command("list", "List the accepted callers.");
        list.SetAction(result => CliErrors.Run(() =>
        {
            var settings = ConfigFile.Open(PathOf(result, file)).ToSettings();
            var table = new Table().AddColumns("AE title", "Host", "Quiet period (s)", "Destination");
            foreach (var c in settings.AcceptedCallers)
            {
                table.AddRow(Markup.Escape(c.AeTitle), Markup.Escape(c.Host ?? "any"), c.QuietPeriodSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default", Markup.Escape(c.Destination ?? "default"));
            }

            TableOutput.Write(table, settings.AcceptAnyCaller
                ? "AcceptAnyCaller is true: any calling AE title is accepted."
                : settings.AcceptedCallers.Count == 0 ? "No callers listed: every calling AE title is rejected (add one, or set AcceptAnyCaller: true)." : null);
        }));
        command.Add(add);
        command.Add(remove);
        command.Add(list);
        return command;
    }

    private static Command Destinations(Option<FileInfo?> file)
    {
        var command = new Command("destinations", "Named DICOM peers that receive results.");
        var name = new Argument<string>("NAME") { Description = "The destination's name, used in routing." };
        var aet = new Argument<string>("AET") { Description = "Its AE title." };
        var host = new Argument<string>("HOST") { Description = "Its host name or address." };
        var port = new Argument<int>("PORT") { Description = "Its DICOM port." };
        var tls = new Option<bool>("--tls") { Description = "Connect with TLS." };
        var isDefault = new Option<bool>("--default") { Description = "Make it the destination of callers that name none." };
        var add = new Command("add", "Add or replace a destination.") { name, aet, host, port, tls, isDefault };
        add.SetAction(result => Edit(result, file, config => ConfigEdits.SaveDestination(
            config, result.GetValue(name)!, result.GetValue(aet)!, result.GetValue(host)!, result.GetValue(port), result.GetValue(tls), result.GetValue(isDefault))));

        var removeName = new Argument<string>("NAME") { Description = "The destination's name." };
        var remove = new Command("remove", "Remove a destination.") { removeName };
        remove.SetAction(result => Edit(result, file, config => ConfigEdits.RemoveDestination(config, result.GetValue(removeName)!)));

        var list = new Command("list", "List the destinations.");
        list.SetAction(result => CliErrors.Run(() =>
        {
            var settings = ConfigFile.Open(PathOf(result, file)).ToSettings();
            var table = new Table().AddColumns("Name", "AE title", "Host", "Port", "TLS", "Default");
            foreach (var d in settings.Destinations)
            {
                table.AddRow(Markup.Escape(d.Name), Markup.Escape(d.AeTitle), Markup.Escape(d.Host), d.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    d.Tls ? "yes" : "no", d.Name == settings.Routing.DefaultDestination ? "yes" : string.Empty);
            }

            TableOutput.Write(table, settings.Destinations.Count == 0 ? "No destinations: results are kept but not sent." : null);
        }));

        var testName = new Argument<string>("NAME") { Description = "The destination to verify." };
        var test = new Command("test", "Verify a destination with C-ECHO.") { testName };
        test.SetAction((result, token) => CliErrors.RunAsync(async () =>
        {
            var settings = ConfigFile.Open(PathOf(result, file)).ToSettings();
            var (ok, message) = await ConfigEdits.EchoAsync(settings, result.GetValue(testName)!, token).ConfigureAwait(false);
            Console.WriteLine(message);
            return ok ? CliErrors.Ok : CliErrors.Failed;
        }));
        command.Add(add);
        command.Add(remove);
        command.Add(list);
        command.Add(test);
        return command;
    }

    private static int Edit(ParseResult result, Option<FileInfo?> file, Func<ConfigFile, string> edit)
    {
        try
        {
            var path = PathOf(result, file);
            var problems = ConfigFileCheck.Check(path);
            if (problems.Count > 0)
            {
                throw new NodeConfigurationException(problems);
            }

            var config = ConfigFile.Open(path);
            var message = edit(config);
            config.Save();
            Console.WriteLine($"{message} in {config.Path}");
            return CliErrors.Ok;
        }
        catch (NodeConfigurationException ex)
        {
            Console.Error.WriteLine($"error: the change was not saved: {ex.OneLine}");
            return CliErrors.BadInput;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return CliErrors.BadInput;
        }
    }
}
