using System.Runtime.InteropServices;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Vrrp;
using EsHa.Node.Journal.Embedded;
using EsHa.Node.Linux.Metrics;
using EsHa.Projections.Vrrp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EsHa.Node.Linux.Host;

/// <summary>What `esha run` was asked to run.</summary>
/// <param name="Reread">reads the configuration file again for SIGHUP; null when it has errors (they are reported)</param>
/// <param name="DumpPath">where SIGUSR1 writes the state (keepalived writes /tmp/keepalived.data)</param>
/// <param name="Retention">what the node keeps of its own journal; older whole segments are archived beside it</param>
public sealed record NodeOptions(string Node, KeepalivedConfig Config, string ConfigPath, string StatusSocket,
    Func<KeepalivedConfig?> Reread, string DumpPath = "/tmp/esha.data", JournalRetention? Retention = null, string LvsBackend = "auto");

/// <summary>
/// The node as a hosted service. Start opens the sockets, configures the instances and starts the HA loop on a
/// thread of its own, so that systemd hears READY=1 only once VRRP is on the wire. Stop (SIGTERM, SIGINT, or
/// systemd's stop) asks the loop to finish: masters send priority 0 and remove their VIPs, the journal records the
/// stop. SIGHUP reloads (a configuration with errors is refused and the running one stays); SIGUSR1 writes the
/// state to <see cref="NodeOptions.DumpPath"/>.
/// </summary>
public sealed class NodeService(NodeOptions options, SqliteJournal journal, NodeMetrics metrics, TimeProvider time,
    IHostApplicationLifetime lifetime, ILogger<NodeService> logger) : IHostedService, IDisposable
{
    private const PosixSignal SigUsr1 = (PosixSignal)10;

    /// <summary>The HA loop's nice value: on a busy machine the journal writer, logs and metrics wait, not a takeover.</summary>
    private const int LoopNice = -10;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDisposable> _owned = [];
    private NodeHost? _host;
    private Thread? _loop;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var host = _host = new NodeHost(options.Node, options.Config, options.ConfigPath, journal, message => logger.LogInformation("{Message}", message), time,
            options.LvsBackend);
        host.Runtime.Stepped = (instance, input, events, state) =>
        {
            metrics.Observe(instance, input, events, state);
            foreach (var transition in events.Where(e => e is BecameMaster or BecameBackup or EnteredFault))
            {
                logger.LogInformation("{Node} {Instance} {State}: {Why}", options.Node, instance, VrrpEffects.StateName(state.Role), VrrpDescribe.What(transition));
            }
        };
        _owned.Add(new StatusEndpoint(options.StatusSocket, host.OnLoop));
        _owned.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            if (options.Reread() is { } reloaded)
            {
                host.Reload(reloaded, options.ConfigPath);
            }
            else
            {
                logger.LogWarning("{Config}: not reloading, the configuration has errors", options.ConfigPath);
            }
        }));
        _owned.Add(PosixSignalRegistration.Create(SigUsr1, context =>
        {
            context.Cancel = true;
            _ = DumpAsync(host);
        }));
        if (options.Retention is { } retention)
        {
            // Hourly, off the HA loop: archiving takes the journal's connection between write batches, never the loop.
            _owned.Add(new Timer(_ => Retain(retention), null, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)));
        }

        _loop = new Thread(() =>
        {
            if (!Native.Libc.SetThreadNice(LoopNice))
            {
                logger.LogWarning("could not raise the HA loop's priority (nice {Nice}): it competes with the journal for the CPU", LoopNice);
            }

            try
            {
                host.Run(_stop.Token);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A defect, not a state the node can run in: said loudly, and the host stops (systemd restarts it).
                logger.LogCritical(e, "the HA loop failed: {Reason}", e.Message);
                lifetime.StopApplication();
            }
        }) { Name = "ha loop", IsBackground = false };
        _loop.Start();
        logger.LogInformation("{Node}: running {Count} VRRP instance(s) from {Config}", options.Node, options.Config.Instances.Count, options.ConfigPath);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stop.Cancel();
        _loop?.Join();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _owned.Clear();
        logger.LogInformation("{Node}: stopped", options.Node);
        return Task.CompletedTask;
    }

    private void Retain(JournalRetention retention)
    {
        try
        {
            var archived = journal.Retain(retention, DateTimeOffset.UtcNow);
            if (archived > 0)
            {
                logger.LogInformation("journal: {Count} records archived to {Directory}", archived, JournalRetention.ArchiveDirectory(journal.Path));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A timer callback: whatever goes wrong is reported, never allowed to take the daemon down.
            logger.LogWarning("journal retention failed: {Reason}", e.Message);
        }
    }

    private async Task DumpAsync(NodeHost host)
    {
        try
        {
            var state = await host.OnLoop(StatusEndpoint.Describe).ConfigureAwait(false);
            // As keepalived's fopen_safe: a new file of our own (O_EXCL: never through a link someone planted in
            // /tmp), then renamed over the old one (rename replaces a link, it does not follow it).
            var temporary = $"{options.DumpPath}.{Guid.NewGuid():N}";
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(state + "\n")).ConfigureAwait(false);
            }

            File.Move(temporary, options.DumpPath, overwrite: true);
            logger.LogInformation("state written to {Path}", options.DumpPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("state dump to {Path} failed: {Reason}", options.DumpPath, e.Message);
        }
    }

    public void Dispose()
    {
        _host?.Dispose();
        _stop.Dispose();
    }
}
