using System.Diagnostics;
using EsHa.Node.Linux.Scripts;
using EsHa.Node.Ports.Probes;

namespace EsHa.Node.Linux.Probes;

/// <summary>MISC_CHECK: misc_path split into argv (no shell), run as its user (misc user, else the script user),
/// killed after misc_timeout (default: the virtual server's delay_loop). The exit status is the result: 0 up,
/// 1 down, 2–255 up with a weight under misc_dynamic (the decider reads it).</summary>
internal static class MiscProbe
{
    public static async Task<ProbeOutcome> RunAsync(ProbeRequest request, ScriptUser defaultUser, CancellationToken stop)
    {
        var command = request.Checker.MiscPath?.CommandLine ?? "";
        var user = request.Checker.User is { } name ? UnixUsers.Find(name) : defaultUser;
        if (user is null)
        {
            return ProbeOutcome.Failure($"misc user {request.Checker.User} does not exist");
        }

        var start = ScriptProcess.For(command, [], user, redirect: false);
        if (start is null)
        {
            return ProbeOutcome.Failure("misc_path is empty");
        }

        var timeout = request.Checker.MiscTimeout ?? request.VirtualServer.DelayLoop;
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return ProbeOutcome.Failure($"cannot run {start.FileName}");
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return ProbeOutcome.Failure($"{start.FileName} timed out after {ProbeTarget.Seconds(timeout)}");
            }

            var code = process.ExitCode;
            var dynamic = request.Settings.Dynamic;
            return code == 0 || (dynamic && code is >= 2 and <= 255)
                ? ProbeOutcome.Success(code)
                : ProbeOutcome.Failure($"{start.FileName} exited with status {code}", code);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return ProbeOutcome.Failure($"cannot run {start.FileName}: {e.Message}");
        }
    }
}
