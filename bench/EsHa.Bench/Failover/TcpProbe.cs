using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EsHa.Bench.Failover;

/// <summary>
/// The client's view of the VIP: from a thread inside the client namespace, a new TCP connection every 5 ms. An
/// attempt counts only when it connects within 100 ms of its start, so a SYN retransmitted a second later (after
/// the VIP has moved) does not pass for an early success. The outage is the gap between the last successful attempt
/// started before the fault and the first one started after it.
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

    /// <summary>Whether an attempt started at or after <paramref name="since"/> has connected.</summary>
    public bool ConnectedSince(long since) => _successes.Any(s => s >= since);

    /// <summary>
    /// The client-visible outage after a fault injected at <paramref name="fault"/>: the longest gap between two
    /// successive successful attempts from the last one before the fault on. (Attempts started just after the fault
    /// still succeed while the old master lets go, so the first success after it is not the end of the outage.)
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
        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await socket.ConnectAsync(target, timeout.Token).ConfigureAwait(false);
            _successes.Enqueue(started);
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
