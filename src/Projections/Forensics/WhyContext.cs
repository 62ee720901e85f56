using System.Net;
using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;

namespace EsHa.Projections.Forensics;

/// <summary>
/// What the why-chains look things up in: records by node and sequence, the node that sends from each address
/// (from the instances' settings), and each node's adverts sent, for matching across nodes.
/// </summary>
internal sealed class WhyContext
{
    private readonly Dictionary<(string Node, long Sequence), TimelineEntry> _byKey = [];
    private readonly Dictionary<IPAddress, string> _nodeOf = [];
    private readonly Dictionary<string, List<TimelineEntry>> _sent = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Node, string Stream), List<TimelineEntry>> _byStream = [];
    private readonly Dictionary<string, List<StateInterval>> _masters;

    public WhyContext(IReadOnlyList<TimelineEntry> entries)
    {
        foreach (var e in entries)
        {
            _byKey[(e.Node, e.Sequence)] = e;
            (_byStream.TryGetValue((e.Node, e.Stream), out var stream) ? stream : _byStream[(e.Node, e.Stream)] = []).Add(e);
            switch (e.Fact)
            {
                case InstanceStarted s:
                    _nodeOf[s.Settings.OwnAddress] = e.Node;
                    break;
                case AdvertSent:
                    (_sent.TryGetValue(e.Node, out var sent) ? sent : _sent[e.Node] = []).Add(e);
                    break;
            }
        }

        foreach (var sent in _sent.Values)
        {
            sent.Sort((a, b) => a.Wall.CompareTo(b.Wall));
        }

        _masters = StateIntervals.Of(entries).Where(i => i.Role == VrrpRole.Master).GroupBy(i => i.Node, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    /// <summary>Whether a node was MASTER from one moment until another (it advertised all along).</summary>
    private bool MasterThroughout(string node, DateTimeOffset from, DateTimeOffset until) =>
        _masters.GetValueOrDefault(node)?.Any(m => m.From <= from && (m.To is null || m.To >= until)) == true;

    public TimelineEntry At(string node, long sequence) => _byKey[(node, sequence)];

    /// <summary>A node's records about one instance (or the node itself, ""), in the order given.</summary>
    public IReadOnlyList<TimelineEntry> Of(string node, string stream) => _byStream.GetValueOrDefault((node, stream)) ?? [];

    /// <summary>A node's last record at or before a time (in its sequence order: a wall clock may step back).</summary>
    public TimelineEntry? LastOf(string node, DateTimeOffset at) =>
        _byKey.Values.Where(e => e.Node == node && e.Wall <= at).MaxBy(e => e.Sequence);

    /// <summary>The record that ended a node's hold of a VIP: its instance leaving MASTER, or the process ending.</summary>
    public TimelineEntry? Ended(VipInterval held) =>
        Of(held.Node, held.Instance).FirstOrDefault(e => e.Wall == held.To && e.Fact is BecameBackup or EnteredFault or InstanceStopped)
        ?? Of(held.Node, "").FirstOrDefault(e => e.Wall == held.To && e.Fact is NodeRestarted or NodeStopped);

    /// <summary>The node (of those whose journals are read) that sends from an address, or null.</summary>
    public string? NodeOf(IPAddress address) => _nodeOf.GetValueOrDefault(address);

    /// <summary>A record and its causes within its node, root first.</summary>
    public List<ChainLink> Walk(TimelineEntry entry)
    {
        var chain = new List<ChainLink>();
        for (var e = entry; ; )
        {
            chain.Add(Link(e));
            if (e.Cause is not { } cause || !_byKey.TryGetValue((e.Node, cause), out var next) || chain.Count > 32)
            {
                break;
            }

            e = next;
        }

        chain.Reverse();
        return chain;
    }

    public ChainLink Link(TimelineEntry e) => new(e.Node, e.Sequence, e.Wall, e.Fact.GetType().Name, Words(e));

    /// <summary>
    /// The chain with each advert a node heeded or ignored preceded by the sender's record of sending it, when the
    /// sender's journal is here: the same priority, the latest sent no later than <see cref="WhyChains.ClockSkew"/>
    /// after it was received. Such a link is inferred (two clocks, no shared id), and says so.
    /// </summary>
    public List<ChainLink> Linked(List<ChainLink> chain)
    {
        var linked = new List<ChainLink>();
        foreach (var link in chain)
        {
            if (link.Inferred || _byKey[(link.Node, link.Sequence)].Fact is not (MasterAdvertAccepted or LowerPriorityAdvertIgnored or AdvertReceived))
            {
                linked.Add(link);
                continue;
            }

            var (source, priority) = _byKey[(link.Node, link.Sequence)].Fact switch
            {
                MasterAdvertAccepted a => (a.Source, a.Priority),
                LowerPriorityAdvertIgnored i => (i.Source, i.Priority),
                AdvertReceived r => (r.Source, r.Advert.Priority),
                _ => throw new InvalidOperationException("filtered above"),
            };
            var sender = NodeOf(source);
            var sent = sender is null || sender == link.Node ? null : _sent.GetValueOrDefault(sender)?
                .LastOrDefault(s => s.Wall <= link.At + WhyChains.ClockSkew && ((AdvertSent)s.Fact).Priority == priority);
            var apart = sent is null ? TimeSpan.MaxValue : (link.At - sent.Wall).Duration();
            if (sent is not null && !linked.Any(l => l.Node == sent.Node && l.Sequence == sent.Sequence))
            {
                if (apart <= WhyChains.ClockSkew)
                {
                    linked.Add(new ChainLink(sent.Node, sent.Sequence, sent.Wall, nameof(AdvertSent),
                        $"{Words(sent)}, the one {link.Node} heard at {WhyChains.Clock(link.At)} (matched by sender {source} and priority {priority}, " +
                        $"{WhyChains.Seconds(apart)} apart)", Inferred: true));
                }
                else if (MasterThroughout(sent.Node, sent.Wall, link.At - WhyChains.ClockSkew))
                {
                    // Steady adverts are journaled as the first and last of a run: the one heard is inside the run.
                    linked.Add(new ChainLink(sent.Node, sent.Sequence, sent.Wall, nameof(AdvertSent),
                        $"MASTER, advertising prio {priority} (a steady run, journaled at {WhyChains.Clock(sent.Wall)}): {link.Node} heard one at {WhyChains.Clock(link.At)} " +
                        $"(matched by sender {source} and priority)", Inferred: true));
                }
            }

            linked.Add(link);
        }

        return linked;
    }

    /// <summary>A record in words, with what its causes tell (how long the master was silent, until when a delay ran).</summary>
    private string Words(TimelineEntry e) => e.Fact switch
    {
        AdvertReceived a => $"advert from {a.Source} prio {a.Advert.Priority}",
        MasterDownTimerFired when e.Cause is { } c && _byKey.TryGetValue((e.Node, c), out var armed) && armed.Fact is MasterAdvertAccepted heard =>
            $"master-down timer expired (no advert heeded from {heard.Source} for {WhyChains.Seconds(e.Wall - armed.Wall)}, last at {WhyChains.Clock(armed.Wall)}, priority {heard.Priority})",
        MasterDownTimerFired => "master-down timer expired",
        PreemptDelayStarted p => $"preempt delay started ({WhyChains.Seconds(p.Until - p.At)}, until {WhyChains.Clock(e.Wall + (p.Until - p.At))})",
        InterfaceLinkChanged l => $"link {(l.Up ? "up" : "down")}",
        EnteredFault f when f.From == VrrpRole.Master => Timeline.What(f) + " (VIPs removed)",
        BecameBackup b when b.From == VrrpRole.Master => Timeline.What(b) + " (VIPs removed)",
        Domain.Lvs.ProbeCompleted p => p.Succeeded ? "probe passed" : $"probe failed: {p.Reason}",
        VrrpInput i => i.GetType().Name,
        _ => Timeline.What(e.Fact),
    };
}
