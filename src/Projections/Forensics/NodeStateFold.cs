using EsHa.Domain.Facts;
using EsHa.Domain.Lvs;
using EsHa.Domain.Vrrp;

namespace EsHa.Projections.Forensics;

/// <summary>
/// One node's state, folded one record at a time in sequence order, keeping only the state (not the records):
/// its process and configuration, each instance through the domain's own <see cref="VrrpDecider.Evolve"/> (the state
/// the node had, not a reconstruction), its LVS table from the kernel mutations it recorded as applied, and each real
/// server's current health. A week of a busy farm folds in the memory of its current state.
/// </summary>
public sealed class NodeStateFold(string node)
{
    private readonly SortedDictionary<string, (VrrpState State, DateTimeOffset Since)> _instances = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (string Scheduler, SortedDictionary<string, (string Method, int Weight)> Destinations)> _services =
        new(StringComparer.Ordinal);

    private RealServerHealthFold _health = new(keepClosed: false);

    public string Node { get; } = node;

    public NodeAt? Process { get; private set; }

    public IEnumerable<(string Node, string Instance, VrrpState State, DateTimeOffset Since)> Instances =>
        _instances.Select(i => (Node, i.Key, i.Value.State, i.Value.Since));

    public IEnumerable<DestinationAt> Destinations => _services.SelectMany(s => s.Value.Destinations.Count == 0
        ? [new DestinationAt(Node, s.Key, s.Value.Scheduler, "", "", 0)]
        : s.Value.Destinations.Select(d => new DestinationAt(Node, s.Key, s.Value.Scheduler, d.Key, d.Value.Method, d.Value.Weight)));

    public IEnumerable<HealthInterval> RealServers => _health.Open
        .OrderBy(h => h.VirtualServer, StringComparer.Ordinal).ThenBy(h => h.RealServer, StringComparer.Ordinal);

    /// <summary>The state held now, to restore with <see cref="Restore"/>.</summary>
    public NodeStateCheckpoint Checkpoint() => new(Process,
        [.. _instances.Select(i => new InstanceCheckpoint(i.Key, i.Value.State, i.Value.Since))],
        [.. _services.Select(s => new ServiceCheckpoint(s.Key, s.Value.Scheduler,
            [.. s.Value.Destinations.Select(d => new DestinationCheckpoint(d.Key, d.Value.Method, d.Value.Weight))]))],
        [.. _health.Open]);

    /// <summary>A fold that goes on from a <see cref="Checkpoint"/>: the same state as folding every record up to it.</summary>
    public static NodeStateFold Restore(string node, NodeStateCheckpoint checkpoint)
    {
        var fold = new NodeStateFold(node) { Process = checkpoint.Process };
        foreach (var i in checkpoint.Instances)
        {
            fold._instances[i.Stream] = (i.State, i.Since);
        }

        foreach (var s in checkpoint.Services)
        {
            fold._services[s.Service] = (s.Scheduler,
                new(s.Destinations.ToDictionary(d => d.Destination, d => (d.Method, d.Weight), StringComparer.Ordinal), StringComparer.Ordinal));
        }

        foreach (var open in checkpoint.RealServers)
        {
            fold._health.Reopen(open);
        }

        return fold;
    }

    public void Apply(TimelineEntry e)
    {
        switch (e.Fact)
        {
            case NodeStarted or NodeRestarted:
                Process = new NodeAt(Node, true, e.Wall, null, null);
                _instances.Clear();     // nothing of a VRRP state survives the process
                _services.Clear();      // the kernel's table does; the node reads it again and journals the difference
                _health = new RealServerHealthFold(keepClosed: false);
                break;
            case NodeStopped:
                Process = (Process ?? new NodeAt(Node, false, e.Wall, null, null)) with { Running = false, Since = e.Wall };
                _instances.Clear();
                break;
            case ConfigLoaded c:
                Process = (Process ?? new NodeAt(Node, true, e.Wall, null, null)) with { Config = c.Source, Digest = c.Digest };
                break;
            case InstanceStarted s:
                _instances[e.Stream] = (VrrpDecider.Evolve(VrrpDecider.Initial(s.Settings), s), e.Wall);
                break;
            case InstanceStopped:
                _instances.Remove(e.Stream);
                break;
            case VrrpEvent v when _instances.TryGetValue(e.Stream, out var current):
                var next = VrrpDecider.Evolve(current.State, v);
                _instances[e.Stream] = (next, next.Role != current.State.Role ? e.Wall : current.Since);
                break;
            case LvsKernelEvent k:
                Apply(k);
                break;
            case LvsEvent:
                _health.Apply(e);
                break;
        }
    }

    private void Apply(LvsKernelEvent e)
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
}
