using System.CommandLine;
using System.Runtime.InteropServices;
using EsHa.Node.Journal.Embedded;
using EsHa.Node.Linux.Host;

namespace EsHa.Cli.Commands;

/// <summary>esha run -f FILE [--journal PATH] [--node NAME] [--config-id ID]: the HA daemon on Linux. Reads the same
/// keepalived.conf (refusing one with errors, as keepalived does), journals into the embedded journal, and stops
/// cleanly on SIGTERM or SIGINT (masters send priority 0 and remove their VIPs; the journal is flushed).</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Option<string>("-f", "--use-file") { Description = "the keepalived.conf to run", DefaultValueFactory = _ => "/etc/keepalived/keepalived.conf" };
        var journal = new Option<string?>("--journal") { Description = "the node's journal (default: /var/lib/esha/NODE.db)" };
        var node = new Option<string?>("--node") { Description = "the node's name in journals (default: router_id, else the host name)" };
        var configId = new Option<string?>("--config-id", "-i") { Description = "the config id for @ID lines (default: the host name)" };
        var status = new Option<string>("--status-socket") { Description = "where `esha status` asks (root only)", DefaultValueFactory = _ => StatusCommand.DefaultSocket };
        var command = new Command("run", "Run the HA daemon: VRRP on the wire, VIPs in the kernel, every decision journaled.") { file, journal, node, configId, status };
        command.SetAction(r => Run(r.GetValue(file)!, r.GetValue(journal), r.GetValue(node), r.GetValue(configId), r.GetValue(status)!));
        return command;
    }

    private static int Run(string file, string? journalPath, string? nodeName, string? configId, string statusSocket)
    {
        var loaded = ConfigInput.Load(file, configId, null);
        foreach (var diagnostic in loaded.Diagnostics)
        {
            Console.Error.WriteLine(diagnostic);
        }

        if (loaded.HasErrors || loaded.Config is null)
        {
            Console.Error.WriteLine($"{file}: not starting with errors in the configuration");
            return 1;
        }

        var config = loaded.Config;
        var node = nodeName ?? config.Global.RouterId ?? ConfigInput.DefaultConfigId();
        var path = journalPath ?? Path.Combine("/var/lib/esha", $"{node}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
        using var journal = SqliteJournal.Open(path, node, DateTimeOffset.UtcNow);
        using (var host = new NodeHost(node, config, Path.GetFullPath(file), journal, message => Console.Error.WriteLine(message)))
        {
            Console.Error.WriteLine($"esha {node}: running {config.Instances.Count} VRRP instance(s) from {file}; journal {path}");
            using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                // keepalived re-reads its file on SIGHUP; one with errors is refused and the running configuration stays.
                context.Cancel = true;
                var reloaded = ConfigInput.Load(file, configId, null);
                foreach (var diagnostic in reloaded.Diagnostics)
                {
                    Console.Error.WriteLine(diagnostic);
                }

                if (reloaded.HasErrors || reloaded.Config is null)
                {
                    Console.Error.WriteLine($"{file}: not reloading, the configuration has errors");
                    return;
                }

                host.Reload(reloaded.Config, Path.GetFullPath(file));
            });
            using var status = new StatusEndpoint(statusSocket, host.OnLoop);
            host.Run(stop.Token);
        }

        journal.Flush(TimeSpan.FromSeconds(10));
        Console.Error.WriteLine($"esha {node}: stopped");
        return 0;
    }
}
