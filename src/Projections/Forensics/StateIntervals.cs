using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;

namespace EsHa.Projections.Forensics;

/// <summary>An instance of a node in one VRRP state from <paramref name="From"/> until <paramref name="To"/> (null:
/// still, as far as the journal goes). <paramref name="Because"/> is the sequence of the event that began it.</summary>
public sealed record StateInterval(string Node, string Instance, VrrpRole Role, DateTimeOffset From, DateTimeOffset? To, long Because);

/// <summary>
/// Read models of VRRP state over time, as pure folds of journal records (each node's records in sequence order;
/// nodes may be interleaved): every instance's state intervals, and from them who held each VIP when. A node's start
/// or restart ends whatever its instances were in (nothing of a VRRP state survives a process).
/// </summary>
public static class StateIntervals
{
    public static IReadOnlyList<StateInterval> Of(IEnumerable<TimelineEntry> entries)
    {
        var open = new Dictionary<(string Node, string Instance), StateInterval>();
        var done = new List<StateInterval>();
        foreach (var e in entries)
        {
            if (e.Fact is NodeStarted or NodeRestarted or NodeStopped)
            {
                foreach (var key in open.Keys.Where(k => k.Node == e.Node).ToList())
                {
                    done.Add(open[key] with { To = e.Wall });
                    open.Remove(key);
                }

                continue;
            }

            if (RoleChange.Of(e.Fact) is not { } change)
            {
                continue;
            }

            var role = change.To;   // null: stopped, no state until it starts again
            var instance = (e.Node, e.Stream);
            if (open.Remove(instance, out var current))
            {
                done.Add(current with { To = e.Wall });
            }

            if (role is { } r)
            {
                open[instance] = new StateInterval(e.Node, e.Stream, r, e.Wall, null, e.Sequence);
            }
        }

        return [.. done.Concat(open.Values).OrderBy(i => i.From).ThenBy(i => i.Node, StringComparer.Ordinal).ThenBy(i => i.Instance, StringComparer.Ordinal)];
    }
}
