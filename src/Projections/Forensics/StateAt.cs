using System.Net;
using EsHa.Domain.Vrrp;

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
/// `esha replay --at T`: the state at T as a fold of every record up to T, node by node (<see cref="NodeStateFold"/>:
/// each node's state depends on its own records only, so nodes fold apart, in parallel if the caller likes, and the
/// snapshots merge). A VIP is held by the node whose instance carrying it is MASTER at T.
/// </summary>
public static class StateAt
{
    /// <param name="entries">each node's records in sequence order (nodes may interleave)</param>
    public static StateSnapshot Of(IEnumerable<TimelineEntry> entries, DateTimeOffset at)
    {
        var folds = new Dictionary<string, NodeStateFold>(StringComparer.Ordinal);
        foreach (var e in entries.Where(e => e.Wall <= at))
        {
            (folds.TryGetValue(e.Node, out var fold) ? fold : folds[e.Node] = new NodeStateFold(e.Node)).Apply(e);
        }

        return Merge(at, folds.Values);
    }

    public static StateSnapshot Merge(DateTimeOffset at, IEnumerable<NodeStateFold> folds)
    {
        var nodes = folds.OrderBy(f => f.Node, StringComparer.Ordinal).ToList();
        var instances = nodes.SelectMany(f => f.Instances).ToList();
        var vips = instances.SelectMany(i => i.State.Settings.VirtualIps.Select(v => (Vip: v, i.Node, i.Instance, i.State.Role, i.Since)))
            .GroupBy(v => v.Vip)
            .Select(g => g.Where(v => v.Role == VrrpRole.Master).OrderByDescending(v => v.Since).FirstOrDefault() is { Node: not null } held
                ? new VipAt(g.Key, held.Node, held.Instance, held.Since)
                : new VipAt(g.Key, null, null, null));
        return new StateSnapshot(at,
            [.. nodes.Where(f => f.Process is not null).Select(f => f.Process!)],
            [.. instances.Select(i => new InstanceAt(i.Node, i.Instance, i.State.Role, i.Since, Vrrp.VrrpDescribe.State(i.State)))],
            [.. vips.OrderBy(v => v.Vip.ToString(), StringComparer.Ordinal)],
            [.. nodes.SelectMany(f => f.Destinations)],
            [.. nodes.SelectMany(f => f.RealServers)]);
    }
}
