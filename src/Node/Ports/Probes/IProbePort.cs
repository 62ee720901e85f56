using EsHa.Domain.Config.Model;
using EsHa.Domain.Lvs;

namespace EsHa.Node.Ports.Probes;

/// <summary>One probe to run: which checker of which real server, with its resolved timings, and for HTTP_GET /
/// SSL_GET which url of the checker's list.</summary>
public sealed record ProbeRequest(VirtualServer VirtualServer, RealServer RealServer, HealthChecker Checker, CheckerSettings Settings, int Url);

/// <summary>A probe's result: success, or failure with the reason in an operator's words ("HTTP 403 for
/// /index.html from 192.168.126.138:80"); a MISC_CHECK's exit status.</summary>
public readonly record struct ProbeOutcome(bool Succeeded, string? Reason, int? ExitCode = null)
{
    public static ProbeOutcome Success(int? exitCode = null) => new(true, null, exitCode);

    public static ProbeOutcome Failure(string reason, int? exitCode = null) => new(false, reason, exitCode);
}

/// <summary>Where probes run: real sockets and processes on Linux, scripted answers in tests. A probe never throws
/// and always calls back exactly once (on any thread), within its timeout.</summary>
public interface IProbePort : IDisposable
{
    void Start(ProbeRequest request, Action<ProbeOutcome> done);
}
