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
        var deadline = ProbeDeadlines.Arm(socket, timeout);
        try
        {
            if (Local is { } local)
            {
                socket.Bind(local);
            }

            await socket.ConnectAsync(Remote, stop).ConfigureAwait(false);
            if (deadline.Disarm())
            {
                return (socket, null);
            }

            socket.Dispose();
            return (null, $"connect timeout after {Seconds(timeout)} to {Remote}");
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException || deadline.Expired)
        {
            deadline.Disarm();
            socket.Dispose();
            return (null, deadline.Expired || e is not SocketException s ? $"connect timeout after {Seconds(timeout)} to {Remote}"
                : $"{Words(s.SocketErrorCode)} connecting to {Remote}");
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
