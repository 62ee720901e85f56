using EsHa.Domain.Lvs;

namespace EsHa.Projections.Forensics;

/// <summary>A real server of a virtual server, on one node, alive (at <paramref name="Weight"/>) or dead from
/// <paramref name="From"/> until <paramref name="To"/>; <paramref name="Why"/> says what began it in words.</summary>
public sealed record HealthInterval(string Node, string VirtualServer, string RealServer, bool Alive, int Weight, DateTimeOffset From,
    DateTimeOffset? To, string Why);

/// <summary>Real-server health and weight over time, a pure fold of the LVS events of node journals.</summary>
public static class RealServerHealth
{
    public static IReadOnlyList<HealthInterval> Of(IEnumerable<TimelineEntry> entries)
    {
        var fold = new RealServerHealthFold(keepClosed: true);
        foreach (var e in entries)
        {
            fold.Apply(e);
        }

        return [.. fold.Closed.Concat(fold.Open).OrderBy(i => i.From).ThenBy(i => i.RealServer, StringComparer.Ordinal)];
    }
}

/// <summary>The fold behind <see cref="RealServerHealth"/>, one record at a time: the intervals still open, and (when
/// kept) the closed ones. A replay of a week needs only the open ones, not the millions closed.</summary>
public sealed class RealServerHealthFold(bool keepClosed)
{
    private readonly Dictionary<(string, string, string), HealthInterval> _open = [];

    public List<HealthInterval> Closed { get; } = [];

    public IEnumerable<HealthInterval> Open => _open.Values;

    /// <summary>Takes up an interval still open at a checkpoint (<see cref="NodeStateFold.Restore"/>).</summary>
    public void Reopen(HealthInterval open) => _open[(open.Node, open.VirtualServer, open.RealServer)] = open;

    public void Apply(TimelineEntry e)
    {
        HealthInterval? next = e.Fact switch
        {
            RealServerStarted s => new(e.Node, s.VirtualServer, s.RealServer, s.Alive, s.Weight, e.Wall, null, Lvs.LvsDescribe.What(s)),
            RealServerWentUp u => new(e.Node, u.VirtualServer, u.RealServer, true, u.Weight, e.Wall, null, Lvs.LvsDescribe.What(u)),
            RealServerWentDown d => new(e.Node, d.VirtualServer, d.RealServer, false, 0, e.Wall, null, Lvs.LvsDescribe.What(d)),
            RealServerWeightChanged w => new(e.Node, w.VirtualServer, w.RealServer, true, w.To, e.Wall, null, Lvs.LvsDescribe.What(w)),
            _ => null,
        };
        var key = e.Fact switch
        {
            RealServerStopped s => (e.Node, s.VirtualServer, s.RealServer),
            _ when next is not null => (e.Node, next.VirtualServer, next.RealServer),
            _ => default,
        };
        if (key == default)
        {
            return;
        }

        if (e.Fact is RealServerWeightChanged && _open.TryGetValue(key, out var dead) && !dead.Alive)
        {
            return;   // a dead server's weight is the one it will come back at, not a new interval
        }

        if (_open.Remove(key, out var current) && keepClosed)
        {
            Closed.Add(current with { To = e.Wall });
        }

        if (next is not null)
        {
            _open[key] = next;
        }
    }
}
