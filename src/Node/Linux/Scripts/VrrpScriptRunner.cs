using System.Diagnostics;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Vrrp;
using EsHa.Node.Linux.Effects;

namespace EsHa.Node.Linux.Scripts;

/// <summary>
/// Runs each tracked vrrp_script as keepalived does: every <c>interval</c>, its command line split into argv (no
/// shell), killed after <c>timeout</c> (default: the interval); exit 0 is a success, anything else or a timeout a
/// failure; <see cref="ScriptHealth"/> turns runs into up/down with rise and fall, and only a change is reported (to
/// the host loop, which hands it to the instances as a TrackerChanged input). Runs are on the thread pool, never on
/// the HA loop.
/// </summary>
public sealed class VrrpScriptRunner : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    /// <param name="reportFirst">after a reload: the first verdict is reported even when it is no change from the
    /// initial state, since the instances still hold what the previous runner last said</param>
    public VrrpScriptRunner(KeepalivedConfig config, ScriptPolicy policy, Action<string, bool> changed, Action<string> log, bool reportFirst = false)
    {
        var tracked = config.Instances.SelectMany(i => i.TrackScripts).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var script in config.Scripts.Where(s => s.Script is not null && tracked.Contains(s.Name)))
        {
            var user = policy.ForVrrpScript(script.Name);
            _loops.Add(Task.Run(() => Loop(script, user, changed, log, reportFirst, _stop.Token)));
        }
    }

    private static async Task Loop(VrrpScript script, ScriptUser user, Action<string, bool> changed, Action<string> log, bool reportFirst,
        CancellationToken stop)
    {
        var health = ScriptHealth.Initial(script.InitFail);
        while (!stop.IsCancellationRequested)
        {
            var succeeded = await RunOnce(script, user, log, stop).ConfigureAwait(false);
            (health, var moved) = health.Observe(succeeded, Math.Max(1, script.Rise), Math.Max(1, script.Fall));
            if (moved || reportFirst)
            {
                changed(script.Name, health.Up);
                reportFirst = false;
            }

            try
            {
                await Task.Delay(script.Interval, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<bool> RunOnce(VrrpScript script, ScriptUser user, Action<string> log, CancellationToken stop)
    {
        if (ScriptProcess.For(script.Script!.CommandLine, [], user, redirect: true) is not { } start)
        {
            return false;
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return false;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(script.Timeout ?? script.Interval);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                return process.ExitCode == 0;
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (!stop.IsCancellationRequested)
                {
                    log($"vrrp_script {script.Name}: timed out after {(script.Timeout ?? script.Interval).TotalSeconds} s");
                }

                return false;
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log($"vrrp_script {script.Name}: cannot run {start.FileName}: {e.Message}");
            return false;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        Task.WaitAll([.. _loops], TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
