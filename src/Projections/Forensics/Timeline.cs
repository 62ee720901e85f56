using System.Net;
using EsHa.Domain.Facts;
using EsHa.Domain.Lvs;
using EsHa.Domain.SyncGroups;
using EsHa.Domain.Vrrp;
using EsHa.Projections.Lvs;
using EsHa.Projections.Vrrp;

namespace EsHa.Projections.Forensics;

/// <summary>One line of a merged timeline: a decision of one node, in words.</summary>
public sealed record TimelineLine(DateTimeOffset Wall, string Node, long Sequence, string Stream, string Type, string What);

/// <summary>What to keep: a wall-clock window, one VIP (the decisions of the instances that carry it and of the
/// virtual servers on it), one node.</summary>
public sealed record TimelineFilter(DateTimeOffset? From = null, DateTimeOffset? To = null, IPAddress? Vip = null, string? Node = null);

/// <summary>
/// The merged cross-node timeline: every node's decisions (not the inputs behind them, and not steady traffic: adverts
/// accepted and sent, results that decided nothing), ordered by wall clock, then node and sequence. A pure function
/// of journal records: the CLI reads journals or the central store into <see cref="TimelineEntry"/> and hands them here.
/// </summary>
public static class Timeline
{
    public static IReadOnlyList<TimelineLine> Of(IReadOnlyList<TimelineEntry> entries, TimelineFilter filter)
    {
        var vipInstances = filter.Vip is { } vip ? InstancesCarrying(entries, vip) : null;
        return [.. entries
            .Where(e => Worth(e.Fact))
            .Where(e => filter.Node is null || e.Node == filter.Node)
            .Where(e => (filter.From is null || e.Wall >= filter.From) && (filter.To is null || e.Wall <= filter.To))
            .Where(e => vipInstances is null || vipInstances.Contains((e.Node, e.Stream)) || OnVip(e, filter.Vip!))
            .OrderBy(e => e.Wall).ThenBy(e => e.Node, StringComparer.Ordinal).ThenBy(e => e.Sequence)
            .Select(e => new TimelineLine(e.Wall, e.Node, e.Sequence, e.Stream, e.Fact.GetType().Name, What(e.Fact)))];
    }

    /// <summary>A fact in words, whatever its family.</summary>
    public static string What(Fact fact) => fact switch
    {
        // A delay's end is a monotonic instant in the fact; on a wall-clock timeline its length says more.
        PreemptDelayStarted p => $"preempt delay started ({VrrpDescribe.Seconds(p.Until - p.At)})",
        VrrpEvent e => VrrpDescribe.What(e),
        LvsEvent e => LvsDescribe.What(e),
        LvsKernelEvent k => LvsDescribe.What(k),
        SyncGroupChanged g => $"sync group {g.Group} {g.From} -> {g.To} (by {g.Member})",
        NodeStarted => "node started",
        NodeRestarted r => r.CleanStop ? "node restarted (after a clean stop)" : "node restarted (the run before was killed or crashed)",
        NodeStopped => "node stopped",
        ConfigLoaded c => $"configuration loaded from {c.Source}{(c.Changes.Count > 0 ? $": {string.Join("; ", c.Changes)}" : "")}",
        JournalGap g => $"journal gap: records {g.FirstSequence}..{g.LastSequence} lost ({g.Reason})",
        _ => fact.GetType().Name,
    };

    /// <summary>The instances (node, instance) whose settings carried the VIP at some point.</summary>
    public static HashSet<(string Node, string Instance)> InstancesCarrying(IEnumerable<TimelineEntry> entries, IPAddress vip) =>
        [.. entries.Where(e => e.Fact is InstanceStarted s && s.Settings.VirtualIps.Contains(vip) || e.Fact is SettingsChanged c && c.Settings.VirtualIps.Contains(vip))
            .Select(e => (e.Node, e.Stream))];

    /// <summary>Whether a virtual server ("192.168.126.100:80") is on the VIP.</summary>
    public static bool OnVip(string virtualServer, IPAddress vip) => virtualServer.StartsWith($"{vip}:", StringComparison.Ordinal);

    private static bool Worth(Fact fact) => fact is not (VrrpInput or LvsInput or JournalCreated or MasterAdvertAccepted or AdvertSent
        or LowerPriorityAdvertIgnored or AdvertRejected or MasterWanted);

    /// <summary>LVS decisions about a virtual server on the VIP ("192.168.126.100:80", "TCP  192.168.126.100:80").</summary>
    private static bool OnVip(TimelineEntry e, IPAddress vip) => e.Fact switch
    {
        LvsEvent l => OnVip(l.VirtualServer, vip),
        LvsKernelEvent k => LvsDescribe.What(k).Contains($" {vip}:", StringComparison.Ordinal),
        _ => false,
    };
}
