using System.CommandLine;
using EsHa.Node.Journal.Embedded;
using EsHa.Node.Linux.Host;
using EsHa.Node.Linux.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace EsHa.Cli.Commands;

/// <summary>esha run -f FILE [--journal PATH] [--node NAME] [--config-id ID]: the HA daemon on Linux, hosted with
/// Microsoft.Extensions.Hosting (systemd Type=notify when systemd runs it). Reads the same keepalived.conf (refusing
/// one with errors, as keepalived does), journals into the embedded journal, and stops cleanly on SIGTERM or SIGINT
/// (masters send priority 0 and remove their VIPs; the journal is flushed).</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Option<string>("-f", "--use-file") { Description = "the keepalived.conf to run", DefaultValueFactory = _ => "/etc/keepalived/keepalived.conf" };
        var journal = new Option<string?>("--journal") { Description = "the node's journal (default: /var/lib/esha/NODE.db)" };
        var node = new Option<string?>("--node") { Description = "the node's name in journals (default: router_id, else the host name)" };
        var configId = new Option<string?>("--config-id", "-i") { Description = "the config id for @ID lines (default: the host name)" };
        var status = new Option<string>("--status-socket") { Description = "where `esha status` asks (root only)", DefaultValueFactory = _ => StatusCommand.DefaultSocket };
        var metrics = new Option<bool>("--metrics") { Description = "serve Prometheus metrics (off by default)" };
        var listen = new Option<string>("--metrics-listen") { Description = "where the metrics are served, HOST:PORT", DefaultValueFactory = _ => "127.0.0.1:9650" };
        var dump = new Option<string>("--state-dump") { Description = "where SIGUSR1 writes the state", DefaultValueFactory = _ => "/tmp/esha.data" };
        var keepDays = new Option<int>("--journal-keep-days") { Description = "archive journal segments older than this (0: keep all)", DefaultValueFactory = _ => 30 };
        var lvsBackend = new Option<string>("--lvs-backend")
        {
            Description = "the LVS data plane: ipvs, nftables, or auto (IPVS when the kernel has it)",
            DefaultValueFactory = _ => "auto",
        };
        lvsBackend.AcceptOnlyFromAmong(Node.Linux.Lvs.LvsBackends.Choices);
        var command = new Command("run", "Run the HA daemon: VRRP on the wire, VIPs in the kernel, every decision journaled.")
            { file, journal, node, configId, status, metrics, listen, dump, keepDays, lvsBackend };
        command.SetAction(r => Run(r.GetValue(file)!, r.GetValue(journal), r.GetValue(node), r.GetValue(configId), r.GetValue(status)!,
            r.GetValue(metrics) ? r.GetValue(listen) : null, r.GetValue(dump)!,
            r.GetValue(keepDays) > 0 ? new JournalRetention(100_000, KeepAge: TimeSpan.FromDays(r.GetValue(keepDays))) : null, r.GetValue(lvsBackend)!));
        return command;
    }

    private static int Run(string file, string? journalPath, string? nodeName, string? configId, string statusSocket, string? metricsListen, string dumpPath,
        JournalRetention? retention, string lvsBackend)
    {
        if (metricsListen is not null && (metricsListen.LastIndexOf(':') < 1 || !ushort.TryParse(metricsListen[(metricsListen.LastIndexOf(':') + 1)..], out _)))
        {
            Console.Error.WriteLine($"--metrics-listen: expected HOST:PORT (127.0.0.1:9650), got \"{metricsListen}\"");
            return 2;
        }

        var config = Read(file, configId);
        if (config is null)
        {
            Console.Error.WriteLine($"{file}: not starting with errors in the configuration");
            return 1;
        }

        var node = nodeName ?? config.Global.RouterId ?? ConfigInput.DefaultConfigId();
        var path = journalPath ?? Path.Combine("/var/lib/esha", $"{node}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var journal = SqliteJournal.Open(path, node, DateTimeOffset.UtcNow);
        using var nodeMetrics = new NodeMetrics(node, () => journal);
        IDisposable? exporter;
        try
        {
            exporter = metricsListen is null ? null : MetricsEndpoint.Serve(node, metricsListen);
        }
        catch (Exception e) when (e is System.Net.HttpListenerException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"--metrics-listen {metricsListen}: {e.Message}");
            return 1;
        }

        using var metricsEndpoint = exporter;

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSystemd();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Logging.AddConsole(o =>
        {
            // A log line is never worth a delayed failover: when the console cannot keep up, lines are dropped.
            o.QueueFullMode = ConsoleLoggerQueueFullMode.DropWrite;
            o.MaxQueueLength = 1000;
        });
        if (Environment.GetEnvironmentVariable("INVOCATION_ID") is null)
        {
            builder.Logging.AddSimpleConsole(o => (o.SingleLine, o.TimestampFormat) = (true, "HH:mm:ss.fff "));
        }

        builder.Services.AddSingleton(new NodeOptions(node, config, Path.GetFullPath(file), statusSocket, () => Read(file, configId), dumpPath, retention, lvsBackend));
        builder.Services.AddSingleton(journal);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(nodeMetrics);
        builder.Services.AddHostedService<NodeService>();
        using var host = builder.Build();
        try
        {
            host.Run();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"esha {node}: {e.Message}");
            return 1;
        }

        journal.Flush(TimeSpan.FromSeconds(10));
        return 0;
    }

    /// <summary>The configuration, its findings printed; null when it has errors.</summary>
    private static Domain.Config.Model.KeepalivedConfig? Read(string file, string? configId)
    {
        var loaded = ConfigInput.Load(file, configId, null);
        foreach (var diagnostic in loaded.Diagnostics)
        {
            Console.Error.WriteLine(diagnostic);
        }

        return loaded.HasErrors ? null : loaded.Config;
    }
}
