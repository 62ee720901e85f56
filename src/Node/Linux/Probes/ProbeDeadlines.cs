using System.Net.Sockets;

namespace EsHa.Node.Linux.Probes;

/// <summary>
/// connect_timeout for thousands of probes a second without a timer each: armed sockets wait in one queue ordered by
/// deadline, and one sweep every 50 ms closes those whose time is up (which ends their pending connect). keepalived's
/// own timers are no finer than this.
/// </summary>
internal static class ProbeDeadlines
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(50);
    private static readonly PriorityQueue<Armed, long> Queue = new();
    private static readonly Lock Gate = new();
    private static readonly Timer Sweeper = new(_ => Sweep(), null, Resolution, Resolution);

    /// <summary>A socket under a deadline: <see cref="Disarm"/> when its step completed; <see cref="Expired"/> says
    /// whether the sweep closed it first.</summary>
    public sealed class Armed(Socket socket)
    {
        private int _state; // 0 armed, 1 disarmed, 2 expired

        public bool Expired => Volatile.Read(ref _state) == 2;

        /// <summary>True when the step finished in time (the sweep can no longer close the socket).</summary>
        public bool Disarm() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        internal void Expire()
        {
            if (Interlocked.CompareExchange(ref _state, 2, 0) == 0)
            {
                socket.Dispose();
            }
        }
    }

    public static Armed Arm(Socket socket, TimeSpan timeout)
    {
        GC.KeepAlive(Sweeper);
        var armed = new Armed(socket);
        lock (Gate)
        {
            Queue.Enqueue(armed, Environment.TickCount64 + (long)timeout.TotalMilliseconds);
        }

        return armed;
    }

    private static void Sweep()
    {
        var now = Environment.TickCount64;
        List<Armed>? due = null;
        lock (Gate)
        {
            while (Queue.TryPeek(out var armed, out var deadline) && deadline <= now)
            {
                Queue.Dequeue();
                (due ??= []).Add(armed);
            }
        }

        due?.ForEach(a => a.Expire());
    }
}
