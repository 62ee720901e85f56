using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EsHa.Bench.Failover;

/// <summary>
/// The client's view of the VIP: from a thread inside the client namespace, a new TCP connection every 5 ms, each
/// given 100 ms. A success is timed when it connected, not when it started: a SYN sent during the outage waits in
/// the client's neighbour queue and goes out when the new master answers for the VIP, so its start would make the
/// outage look shorter than it was (seen: 270 ms for a takeover the protocol puts at 365).
/// </summary>
internal sealed class TcpProbe : IDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(100);
    private readonly ConcurrentQueue<long> _successes = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    public TcpProbe(string clientNamespace, IPEndPoint target)
    {
        _thread = BenchLab.InNamespace(clientNamespace, () =>
        {
            var next = Stopwatch.GetTimestamp();
            while (!_stop.IsCancellationRequested)
            {
                _ = Attempt(target);
                next += (long)(Every.TotalSeconds * Stopwatch.Frequency);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero)
                {
                    Thread.Sleep(wait);
                }
            }
        });
    }

    public static long Now => Stopwatch.GetTimestamp();

    /// <summary>Whether a connection was made at or after <paramref name="since"/>.</summary>
    public bool ConnectedSince(long since) => _successes.Any(s => s >= since);

    /// <summary>
    /// The client-visible outage after a fault injected at <paramref name="fault"/>: the longest gap between two
    /// successive connections from the last one before the fault on. (Attempts made just after the fault still
    /// succeed while the old master lets go, so the first success after it is not the end of the outage.)
    /// </summary>
    public TimeSpan OutageAfter(long fault)
    {
        var all = _successes.Order().ToList();
        var first = all.FindLastIndex(s => s < fault);
        if (first < 0 || first == all.Count - 1)
        {
            throw new InvalidOperationException("the probe saw no success before or after the fault");
        }

        var longest = Enumerable.Range(first, all.Count - first - 1).Max(i => all[i + 1] - all[i]);
        return TimeSpan.FromSeconds((double)longest / Stopwatch.Frequency);
    }

    private async Task Attempt(IPEndPoint target)
    {
        // Created on the namespaced thread (before the first await), so the socket belongs to the client namespace.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await socket.ConnectAsync(target, timeout.Token).ConfigureAwait(false);
            _successes.Enqueue(Stopwatch.GetTimestamp());
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }
}
