using EsHa.Domain.Config.Model;
using EsHa.Node.Linux.Scripts;
using EsHa.Node.Ports.Probes;

namespace EsHa.Node.Linux.Probes;

/// <summary>The probes of a Linux node. Socket probes start on the caller's thread (a socket and a non-blocking
/// connect: microseconds, and no hop per check) and go on where their I/O completes; scripts and files, which
/// block, start on the thread pool. Each reports once. A probe that throws is a bug, reported as a failed check
/// with the exception's text rather than a silent checker that never runs again.</summary>
public sealed class LinuxProbes : IProbePort
{
    private readonly CancellationTokenSource _stop = new();
    private KeepalivedConfig _config;
    private ScriptUser _scriptUser;
    private readonly Func<Func<Task>, Task>? _run;

    public LinuxProbes(KeepalivedConfig config, ScriptUser scriptUser)
    {
        _config = config;
        _scriptUser = scriptUser;
    }

    /// <summary><paramref name="run"/> decides where a probe starts: the thread pool in the daemon; the calling thread
    /// in tests whose thread has entered a network namespace of their own. A socket belongs to the namespace of the
    /// thread that creates it, and every probe creates its socket (or forks its script) before its first await.</summary>
    internal LinuxProbes(KeepalivedConfig config, ScriptUser scriptUser, Func<Func<Task>, Task> run)
    {
        _config = config;
        _scriptUser = scriptUser;
        _run = run;
    }

    /// <summary>A reload: FILE_CHECK's track files and the default script user come from the new configuration.</summary>
    public void Reconfigure(KeepalivedConfig config, ScriptUser scriptUser) => (_config, _scriptUser) = (config, scriptUser);

    public void Start(ProbeRequest request, Action<ProbeOutcome> done)
    {
        if (_run is not null)
        {
            _ = _run(() => RunAndReportAsync(request, done));
        }
        else if (request.Checker.Type is CheckerType.MiscCheck or CheckerType.FileCheck)
        {
            _ = Task.Run(() => RunAndReportAsync(request, done));
        }
        else
        {
            _ = RunAndReportAsync(request, done);
        }
    }

    private async Task RunAndReportAsync(ProbeRequest request, Action<ProbeOutcome> done)
    {
        ProbeOutcome outcome;
        try
        {
            outcome = await RunAsync(request, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;     // the node is stopping
        }
        catch (Exception e)
        {
            outcome = ProbeOutcome.Failure($"probe error: {e.GetType().Name}: {e.Message}");
        }

        done(outcome);
    }

    private Task<ProbeOutcome> RunAsync(ProbeRequest request, CancellationToken stop) => request.Checker.Type switch
    {
        CheckerType.TcpCheck => TcpProbe.RunAsync(request, stop),
        CheckerType.HttpGet or CheckerType.SslGet => HttpProbe.RunAsync(request, stop),
        CheckerType.MiscCheck => MiscProbe.RunAsync(request, _scriptUser, stop),
        CheckerType.UdpCheck => DatagramProbes.UdpAsync(request, stop),
        CheckerType.DnsCheck => DatagramProbes.DnsAsync(request, stop),
        CheckerType.PingCheck => DatagramProbes.PingAsync(request, stop),
        CheckerType.SmtpCheck => SmtpProbe.RunAsync(request, stop),
        CheckerType.FileCheck => Task.FromResult(FileProbe.Run(request, _config)),
        _ => Task.FromResult(ProbeOutcome.Failure($"{request.Checker.Type} is not supported")),
    };

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
