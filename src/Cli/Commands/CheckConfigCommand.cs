using System.CommandLine;
using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Json;
using EsHa.Domain.Config.Validation;
using EsHa.Node.Config;
using EsHa.Projections.ConfigReport;

namespace EsHa.Cli.Commands;

/// <summary>esha check-config: keepalived -t, with file:line diagnostics, hints and the resolved model.
/// Exit 0: no errors; 1: errors; 2: the configuration could not be read at all.</summary>
internal static class CheckConfigCommand
{
    public static Command Create()
    {
        var file = new Option<string>("--file", "-f") { Description = "the keepalived.conf to check", Required = true };
        var configId = new Option<string?>("--config-id", "-i") { Description = "the id '@ID' lines match (default: short host name)" };
        var noHostChecks = new Option<bool>("--no-host-checks") { Description = "do not check that interfaces exist on this host" };
        var json = new Option<bool>("--json") { Description = "print the resolved model (with source locations) and diagnostics as JSON" };
        var root = new Option<string?>("--root") { Description = "resolve absolute paths under this folder (a config tree copied from another host)" };
        var command = new Command("check-config", "Check a keepalived configuration the way keepalived -t does, and more.")
        {
            file, configId, noHostChecks, json, root,
        };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(configId), !result.GetValue(noHostChecks),
            result.GetValue(json), result.GetValue(root)));
        return command;
    }

    private static int Run(string file, string? configId, bool hostChecks, bool json, string? root)
    {
        var loaded = ConfigInput.Load(file, configId, root);
        if (loaded.Config is null)
        {
            foreach (var d in loaded.Diagnostics)
            {
                Console.Error.WriteLine(d);
            }

            return 2;
        }

        var diagnostics = loaded.Diagnostics.ToList();
        if (hostChecks)
        {
            diagnostics.AddRange(HostChecks.MissingInterfaces(loaded.Config, HostInterfaces.Names()));
        }

        if (json)
        {
            Console.WriteLine("{\"config\": " + ConfigJson.Serialize(loaded.Config) + ",\n\"diagnostics\": "
                + ConfigJson.SerializeDiagnostics(diagnostics) + "}");
        }
        else
        {
            foreach (var line in DiagnosticReport.Lines(diagnostics, loaded.Config.Files.Count))
            {
                Console.WriteLine(line);
            }
        }

        return diagnostics.Any(d => d.Severity == Severity.Error) ? 1 : 0;
    }
}
