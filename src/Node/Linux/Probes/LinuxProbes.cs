using EsHa.Domain.Config.Model;
using EsHa.Node.Linux.Scripts;
using EsHa.Node.Ports.Probes;

namespace EsHa.Node.Linux.Probes;

/// <summary>The probes of a Linux node: each runs on the thread pool (sockets are asynchronous; scripts are
/// processes) and reports once. A probe that throws is a bug, reported as a failed check with the exception's
/// text rather than a silent checker that never runs again.</summary>
public sealed class LinuxProbes(KeepalivedConfig config, ScriptUser scriptUser) : IProbePort
{
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpProbe _http = new();

    public void Start(ProbeRequest request, Action<ProbeOutcome> done)
    {
        // Socket probes start on the caller's thread (a socket and a non-blocking connect: microseconds) and go on
        // where their I/O completes; scripts and files, which block, start on the thread pool.
        if (request.Checker.Type is CheckerType.MiscCheck or CheckerType.FileCheck)
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
        CheckerType.HttpGet or CheckerType.SslGet => _http.RunAsync(request, stop),
        CheckerType.MiscCheck => MiscProbe.RunAsync(request, scriptUser, stop),
        CheckerType.UdpCheck => DatagramProbes.UdpAsync(request, stop),
        CheckerType.DnsCheck => DatagramProbes.DnsAsync(request, stop),
        CheckerType.PingCheck => DatagramProbes.PingAsync(request, stop),
        CheckerType.SmtpCheck => SmtpProbe.RunAsync(request, stop),
        CheckerType.FileCheck => Task.FromResult(FileProbe.Run(request, config)),
        _ => Task.FromResult(ProbeOutcome.Failure($"{request.Checker.Type} is not supported")),
    };

    public void Dispose()
    {
        _stop.Cancel();
        _http.Dispose();
        _stop.Dispose();
    }
}
