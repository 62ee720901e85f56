using EsHa.Domain.Config.Model;
using EsHa.Node.Linux.Scripts;
using EsHa.Node.Ports.Probes;

namespace EsHa.Node.Linux.Probes;

/// <summary>The probes of a Linux node: each runs on the thread pool (sockets are asynchronous; scripts are
/// processes) and reports once. A probe that throws is a bug, reported as a failed check with the exception's
/// text rather than a silent checker that never runs again.</summary>
public sealed class LinuxProbes : IProbePort
{
    private readonly CancellationTokenSource _stop = new();
    private readonly KeepalivedConfig _config;
    private readonly ScriptUser _scriptUser;
    private readonly Func<Func<Task>, Task> _run;

    public LinuxProbes(KeepalivedConfig config, ScriptUser scriptUser)
        : this(config, scriptUser, work => Task.Run(work))
    {
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

    public void Start(ProbeRequest request, Action<ProbeOutcome> done)
    {
        _ = _run(async () =>
        {
            ProbeOutcome outcome;
            try
            {
                outcome = await RunAsync(request, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                outcome = ProbeOutcome.Failure($"probe error: {e.GetType().Name}: {e.Message}");
            }
            catch (OperationCanceledException)
            {
                return;     // the node is stopping
            }

            done(outcome);
        });
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
