using System.Net;
using System.Net.Sockets;

namespace EsHa.Bench.Failover;

/// <summary>A TCP listener on every address of a node's namespace (so on the VIP when it holds it) that accepts and closes.</summary>
internal sealed class AcceptingServer : IDisposable
{
    private readonly TcpListener _listener;

    public AcceptingServer(string ns, int port)
    {
        TcpListener? listener = null;
        BenchLab.InNamespace(ns, () =>
        {
            listener = new TcpListener(IPAddress.Any, port);
            listener.Start(1024);
        }).Join();
        _listener = listener ?? throw new InvalidOperationException($"no listener in {ns}");
        _ = Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    using var accepted = await _listener.AcceptSocketAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }
            }
        });
    }

    public void Dispose() => _listener.Dispose();
}
