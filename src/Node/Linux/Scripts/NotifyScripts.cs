using System.Diagnostics;
using System.Threading.Channels;
using EsHa.Projections.Vrrp;

namespace EsHa.Node.Linux.Scripts;

/// <summary>
/// Notify scripts, started off the HA loop: each owner's (an instance's or a sync group's) run one after another in
/// the order the transitions happened, so that a slow notify_master never finishes after the notify_backup that
/// followed it; a script still running after <see cref="Timeout"/> is killed and reported. At the stop the queues
/// get a few seconds to run what is left (notify_stop among it).
/// </summary>
public sealed class NotifyScripts(Action<string> report) : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DrainAtStop = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, Channel<(ProcessStartInfo Start, string CommandLine)>> _queues = new(StringComparer.Ordinal);
    private readonly List<Task> _drains = [];
    private readonly Lock _gate = new();

    public void Run(RunScript script, ScriptUser user)
    {
        if (ScriptProcess.For(script.CommandLine, script.ExtraArguments, user, redirect: false) is not { } start)
        {
            return;
        }

        lock (_gate)
        {
            if (!_queues.TryGetValue(script.Owner, out var queue))
            {
                queue = _queues[script.Owner] = Channel.CreateUnbounded<(ProcessStartInfo, string)>(new UnboundedChannelOptions { SingleReader = true });
                _drains.Add(Task.Run(() => Drain(queue.Reader)));
            }

            queue.Writer.TryWrite((start, script.CommandLine));
        }
    }

    private async Task Drain(ChannelReader<(ProcessStartInfo Start, string CommandLine)> queue)
    {
        await foreach (var (start, commandLine) in queue.ReadAllAsync().ConfigureAwait(false))
        {
            Process? process;
            try
            {
                process = Process.Start(start);
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                report($"notify script {commandLine} failed to start: {e.Message}");
                continue;
            }

            using (process)
            {
                if (process is null)
                {
                    continue;
                }

                using var timeout = new CancellationTokenSource(Timeout);
                try
                {
                    await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    report($"notify script {commandLine} still running after {Timeout.TotalSeconds} s: killed");
                }
            }
        }
    }

    public void Dispose()
    {
        Task[] drains;
        lock (_gate)
        {
            foreach (var queue in _queues.Values)
            {
                queue.Writer.TryComplete();
            }

            drains = [.. _drains];
        }

        Task.WaitAll(drains, DrainAtStop);
    }
}
