using System.Net;
using System.Net.Sockets;
using EsHa.Node.Ports.Probes;

namespace EsHa.Node.Linux.Probes;

/// <summary>Where a probe connects and from where: the real server's address and port unless connect_ip /
/// connect_port say otherwise; bindto / bind_port set the source (keepalived's co_* keywords).</summary>
internal sealed record ProbeTarget(IPEndPoint Remote, IPEndPoint? Local)
{
    public static ProbeTarget Of(ProbeRequest r)
    {
        var address = IPAddress.Parse(r.Checker.ConnectIp ?? r.RealServer.Address);
        var port = r.Checker.ConnectPort ?? r.RealServer.Port ?? r.VirtualServer.Key.Port ?? 0;
        IPEndPoint? local = r.Checker.BindTo is { } bind ? new IPEndPoint(IPAddress.Parse(bind), r.Checker.BindPort ?? 0) : null;
        return new ProbeTarget(new IPEndPoint(address, port), local);
    }

    public override string ToString() => Remote.ToString();

    /// <summary>A TCP connection within <paramref name="timeout"/>, or the reason there is none. The socket closes
    /// with RST (linger 0) when disposed: full connections at check rates would otherwise fill conntrack with
    /// TIME_WAIT entries (FACTS: health checks at scale).</summary>
    public async Task<(Socket? Socket, string? Failure)> ConnectAsync(TimeSpan timeout, CancellationToken stop)
    {
        var socket = new Socket(Remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.LingerState = new LingerOption(true, 0);
        try
        {
            if (Local is { } local)
            {
                socket.Bind(local);
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop);
            limit.CancelAfter(timeout);
            await socket.ConnectAsync(Remote, limit.Token).ConfigureAwait(false);
            return (socket, null);
        }
        catch (OperationCanceledException)
        {
            socket.Dispose();
            return (null, $"connect timeout after {Seconds(timeout)} to {Remote}");
        }
        catch (SocketException e)
        {
            socket.Dispose();
            return (null, $"{Words(e.SocketErrorCode)} connecting to {Remote}");
        }
    }

    public static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0.###} s";

    public static string Words(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostUnreachable => "host unreachable",
        SocketError.NetworkUnreachable => "network unreachable",
        SocketError.TimedOut => "timed out",
        SocketError.ConnectionReset => "connection reset",
        SocketError.AddressNotAvailable => "bind address not available",
        _ => error.ToString(),
    };
}
