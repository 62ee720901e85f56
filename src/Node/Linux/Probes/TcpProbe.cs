using EsHa.Node.Ports.Probes;

namespace EsHa.Node.Linux.Probes;

/// <summary>TCP_CHECK: success is a completed connect within connect_timeout; the socket is closed at once
/// (keepalived's tcp_check_thread).</summary>
internal static class TcpProbe
{
    public static async Task<ProbeOutcome> RunAsync(ProbeRequest request, CancellationToken stop)
    {
        var (socket, failure) = await ProbeTarget.Of(request).ConnectAsync(request.Settings.ConnectTimeout, stop).ConfigureAwait(false);
        socket?.Dispose();
        return failure is null ? ProbeOutcome.Success() : ProbeOutcome.Failure(failure);
    }
}
