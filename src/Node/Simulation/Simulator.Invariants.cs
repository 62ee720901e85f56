using EsHa.Domain.Vrrp;
using EsHa.Projections.Vrrp;

namespace EsHa.Node.Simulation;

public sealed partial class Simulator
{
    private Instant _lastDisturbance;
    private readonly Dictionary<int, Instant> _masterOverlapSince = [];

    /// <summary>A lost packet is a disturbance like a fault: it may rightly make a second master for a moment.</summary>
    internal void Disturbed() => _lastDisturbance = Now;

    /// <summary>
    /// After each step: a VIP is on a running host iff one of its instances is master for it; and, once the cluster
    /// has had time to settle after the last disturbance (a fault or a lost packet; the longest Master_Down_Interval
    /// plus an interval), exactly one master per VRID among the hosts that hear each other (an isolated host is a
    /// segment of its own) when any of them can be master (has the instance in BACKUP or MASTER); and the members
    /// of each sync group on a host in the same state.
    /// </summary>
    private string? CheckInvariants()
    {
        foreach (var node in _nodes.Where(n => n.Alive))
        {
            var held = node.Runtime.Instances.Values.Where(s => s.Role == VrrpRole.Master).SelectMany(s => s.Settings.VirtualIps).ToHashSet();
            foreach (var vip in node.Runtime.Instances.Values.SelectMany(s => s.Settings.VirtualIps))
            {
                if (held.Contains(vip) != node.Vips.Contains(vip))
                {
                    return $"{Now}: {node.Name} {(node.Vips.Contains(vip) ? "holds" : "lacks")} VIP {vip} but is {(held.Contains(vip) ? "" : "not ")}master for it";
                }
            }
        }

        if (Now - _lastDisturbance < SettleWindow())
        {
            return null;
        }

        // Sync-group members on a running host agree once settled (keepalived moves them together).
        foreach (var node in _nodes.Where(n => n.Alive))
        {
            foreach (var group in node.Runtime.Instances.Values.Where(s => s.Settings.SyncGroup is not null).GroupBy(s => s.Settings.SyncGroup))
            {
                if (group.Select(s => s.Role).Distinct().Count() > 1)
                {
                    return $"{Now}: {node.Name} sync group {group.Key} disagrees: " +
                        string.Join(", ", group.Select(s => $"{s.Settings.Name} {s.Role.ToString().ToUpperInvariant()}"));
                }
            }
        }

        // Hosts that hear each other: every running host with its link up, except isolated ones (each its own segment).
        var connected = _nodes.Where(n => n.Alive && n.LinkUp && !n.Isolated).ToList();
        foreach (var vrid in _nodes.SelectMany(n => n.Runtime.Instances.Values).Select(s => s.Settings.VirtualRouterId).Distinct())
        {
            var masters = connected
                .Where(n => n.Runtime.Instances.Values.Any(s => s.Settings.VirtualRouterId == vrid && s.Role == VrrpRole.Master))
                .Select(n => n.Name).ToList();
            if (masters.Count == 0 && connected.Any(n => n.Runtime.Instances.Values.Any(s => s.Settings.VirtualRouterId == vrid && s.Role == VrrpRole.Backup)))
            {
                return $"{Now}: VRID {vrid} has no master though {string.Join(", ", connected.Where(n => n.Runtime.Instances.Values.Any(s => s.Settings.VirtualRouterId == vrid && s.Role == VrrpRole.Backup)).Select(n => n.Name))} " +
                    $"could be, {(Now - _lastDisturbance).TotalSeconds:0.###}s after the last disturbance";
            }

            if (masters.Count <= 1)
            {
                _masterOverlapSince.Remove(vrid);
                continue;
            }

            // A preempting master overlaps the old one until its first advert arrives: allowed for one interval.
            var since = _masterOverlapSince.TryGetValue(vrid, out var start) ? start : _masterOverlapSince[vrid] = Now;
            if (Now - since > OverlapAllowed())
            {
                return $"{Now}: VRID {vrid} has had {masters.Count} masters ({string.Join(", ", masters)}) since {since}, " +
                    $"{(since - _lastDisturbance).TotalSeconds:0.###}s after the last fault";
            }
        }

        return null;
    }

    private TimeSpan OverlapAllowed() => _nodes.SelectMany(n => n.Runtime.Instances.Values)
        .Select(s => s.Settings.AdvertInterval).DefaultIfEmpty(TimeSpan.Zero).Max() + TimeSpan.FromMilliseconds(Scenario.JitterMilliseconds + 1);

    private TimeSpan SettleWindow() => _nodes.SelectMany(n => n.Runtime.Instances.Values)
        .Select(s => s.MasterDownInterval + s.Settings.AdvertInterval).DefaultIfEmpty(TimeSpan.Zero).Max()
        + TimeSpan.FromMilliseconds(Scenario.JitterMilliseconds + 1);

    /// <summary>At the end: each instance's journal folds to its live state (the journal tells the whole story). A
    /// node's start begins every instance again, as a new process does.</summary>
    private string? CheckJournalsFold()
    {
        foreach (var node in _nodes)
        {
            var folded = new Dictionary<string, VrrpState>(StringComparer.Ordinal);
            foreach (var record in node.Journal.Records)
            {
                if (record.Fact is Domain.Facts.NodeStarted or Domain.Facts.NodeRestarted)
                {
                    folded.Clear();
                }
                else if (record.Fact is VrrpEvent e && node.Runtime.Instances.TryGetValue(record.Stream, out var live))
                {
                    folded[record.Stream] = VrrpDecider.Evolve(folded.GetValueOrDefault(record.Stream) ?? VrrpDecider.Initial(live.Settings), e);
                }
            }

            foreach (var (name, live) in node.Runtime.Instances)
            {
                if (!folded.TryGetValue(name, out var state))
                {
                    continue;
                }

                if (VrrpDescribe.State(state) != VrrpDescribe.State(live) || state.MasterAdvertInterval != live.MasterAdvertInterval)
                {
                    return $"{node.Name} {name}: the journal folds to '{VrrpDescribe.State(state)}' but the live state is '{VrrpDescribe.State(live)}'";
                }
            }
        }

        return null;
    }
}
