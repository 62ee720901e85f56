using System.Net;
using EsHa.Domain.Facts;
using EsHa.Domain.Lvs;
using EsHa.Domain.Vrrp;
using EsHa.Projections.Vrrp;

namespace EsHa.Projections.Forensics;

/// <summary>A node at a moment: running or not since when, and the configuration it had loaded.</summary>
public sealed record NodeAt(string Node, bool Running, DateTimeOffset Since, string? Config, string? Digest);

/// <summary>An instance at a moment: its role since when, and its whole folded state in words (priority, timers).</summary>
public sealed record InstanceAt(string Node, string Instance, VrrpRole Role, DateTimeOffset Since, string State);

/// <summary>Who held a VIP at a moment (nobody: <see cref="Node"/> null).</summary>
public sealed record VipAt(IPAddress Vip, string? Node, string? Instance, DateTimeOffset? Since);

/// <summary>A destination of a node's LVS table as the node last programmed it into the kernel.</summary>
public sealed record DestinationAt(string Node, string Service, string Scheduler, string Destination, string Method, int Weight);

/// <summary>Every node, instance, VIP, LVS table and real server's health at <paramref name="At"/>.</summary>
public sealed record StateSnapshot(DateTimeOffset At, IReadOnlyList<NodeAt> Nodes, IReadOnlyList<InstanceAt> Instances,
    IReadOnlyList<VipAt> Vips, IReadOnlyList<DestinationAt> Lvs, IReadOnlyList<HealthInterval> RealServers);

/// <summary>
/// `esha replay --at T`: the state at T as a fold of every record up to T. Instances fold through the domain's own
/// <see cref="VrrpDecider.Evolve"/> (the state a node had, not a reconstruction of it); the LVS table folds the kernel
/// mutations the node recorded as applied; VIPs and real servers come from the interval read models.
/// </summary>
public static class StateAt
{
    public static StateSnapshot Of(IReadOnlyList<TimelineEntry> entries, DateTimeOffset at)
    {
        var upTo = entries.Where(e => e.Wall <= at).ToList();
        if (!InSequencePerNode(upTo))
        {
            upTo = [.. upTo.OrderBy(e => e.Node, StringComparer.Ordinal).ThenBy(e => e.Sequence)];
        }

        var nodes = new Dictionary<string, NodeAt>(StringComparer.Ordinal);
        var instances = new Dictionary<(string Node, string Instance), (VrrpState State, DateTimeOffset Since)>();
        var tables = new Dictionary<string, LvsFold>(StringComparer.Ordinal);
        foreach (var e in upTo)
        {
            switch (e.Fact)
            {
                case NodeStarted or NodeRestarted:
                    nodes[e.Node] = new NodeAt(e.Node, true, e.Wall, null, null);
                    foreach (var key in instances.Keys.Where(k => k.Node == e.Node).ToList())
                    {
                        instances.Remove(key);  // nothing of a VRRP state survives the process
                    }

                    tables.Remove(e.Node);      // the kernel's table does; the node reads it again and journals the difference
                    break;
                case NodeStopped:
                    nodes[e.Node] = (nodes.GetValueOrDefault(e.Node) ?? new NodeAt(e.Node, false, e.Wall, null, null)) with { Running = false, Since = e.Wall };
                    instances.Where(i => i.Key.Node == e.Node).Select(i => i.Key).ToList().ForEach(k => instances.Remove(k));
                    break;
                case ConfigLoaded c:
                    nodes[e.Node] = (nodes.GetValueOrDefault(e.Node) ?? new NodeAt(e.Node, true, e.Wall, null, null)) with { Config = c.Source, Digest = c.Digest };
                    break;
                case InstanceStarted s:
                    instances[(e.Node, e.Stream)] = (VrrpDecider.Evolve(VrrpDecider.Initial(s.Settings), s), e.Wall);
                    break;
                case InstanceStopped:
                    instances.Remove((e.Node, e.Stream));
                    break;
                case VrrpEvent v when instances.TryGetValue((e.Node, e.Stream), out var current):
                    var next = VrrpDecider.Evolve(current.State, v);
                    instances[(e.Node, e.Stream)] = (next, next.Role != current.State.Role ? e.Wall : current.Since);
                    break;
                case LvsKernelEvent k:
                    (tables.TryGetValue(e.Node, out var table) ? table : tables[e.Node] = new LvsFold()).Apply(k);
                    break;
            }
        }

        var vips = VipOwnership.Of(upTo).GroupBy(v => v.Vip).Select(g =>
            g.LastOrDefault(v => v.From <= at && (v.To is null || v.To > at)) is { } held
                ? new VipAt(g.Key, held.Node, held.Instance, held.From)
                : new VipAt(g.Key, null, null, null));
        return new StateSnapshot(at,
            [.. nodes.Values.OrderBy(n => n.Node, StringComparer.Ordinal)],
            [.. instances.OrderBy(i => i.Key.Node, StringComparer.Ordinal).ThenBy(i => i.Key.Instance, StringComparer.Ordinal)
                .Select(i => new InstanceAt(i.Key.Node, i.Key.Instance, i.Value.State.Role, i.Value.Since, VrrpDescribe.State(i.Value.State)))],
            [.. vips.OrderBy(v => v.Vip.ToString(), StringComparer.Ordinal)],
            [.. tables.OrderBy(t => t.Key, StringComparer.Ordinal).SelectMany(t => t.Value.Rows(t.Key))],
            [.. RealServerHealth.Of(upTo).Where(h => h.To is null).OrderBy(h => h.Node, StringComparer.Ordinal)
                .ThenBy(h => h.VirtualServer, StringComparer.Ordinal).ThenBy(h => h.RealServer, StringComparer.Ordinal)]);
    }

    /// <summary>Whether each node's records come in sequence order (nodes may interleave): a fold needs no more, and
    /// a week of records read journal by journal already is (sorting ten million again costs seconds).</summary>
    private static bool InSequencePerNode(List<TimelineEntry> entries)
    {
        var last = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (last.TryGetValue(e.Node, out var previous) && previous >= e.Sequence)
            {
                return false;
            }

            last[e.Node] = e.Sequence;
        }

        return true;
    }

    /// <summary>One node's LVS table, folded from the mutations it recorded as applied to the kernel.</summary>
    private sealed class LvsFold
    {
        private readonly SortedDictionary<string, (string Scheduler, SortedDictionary<string, (string Method, int Weight)> Destinations)> _services =
            new(StringComparer.Ordinal);

        public void Apply(LvsKernelEvent e)
        {
            switch (e)
            {
                case LvsServiceAdded a:
                    _services[a.Service] = (a.Scheduler, new(StringComparer.Ordinal));
                    break;
                case LvsServiceChanged c when _services.TryGetValue(c.Service, out var s):
                    _services[c.Service] = (c.Scheduler, s.Destinations);
                    break;
                case LvsServiceRemoved r:
                    _services.Remove(r.Service);
                    break;
                case LvsDestinationAdded d when _services.TryGetValue(d.Service, out var s):
                    s.Destinations[d.Destination] = (d.Method, d.Weight);
                    break;
                case LvsWeightSet w when _services.TryGetValue(w.Service, out var s) && s.Destinations.TryGetValue(w.Destination, out var dest):
                    s.Destinations[w.Destination] = (dest.Method, w.To);
                    break;
                case LvsDestinationRemoved r when _services.TryGetValue(r.Service, out var s):
                    s.Destinations.Remove(r.Destination);
                    break;
            }
        }

        public IEnumerable<DestinationAt> Rows(string node) => _services.SelectMany(s => s.Value.Destinations.Count == 0
            ? [new DestinationAt(node, s.Key, s.Value.Scheduler, "", "", 0)]
            : s.Value.Destinations.Select(d => new DestinationAt(node, s.Key, s.Value.Scheduler, d.Key, d.Value.Method, d.Value.Weight)));
    }
}
