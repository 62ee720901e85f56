using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EsHa.Domain.Vrrp;
using EsHa.Node.Journal.Embedded;
using EsHa.Node.Runtime;

namespace EsHa.Node.Linux.Metrics;

/// <summary>
/// The node's instruments (meter "EsHa.Node"), fed from the runtime's steps on the HA loop: counters are lock-free
/// adds, gauges read values the loop publishes. Nothing here waits, so metrics can never hold up a failover.
/// Exported for Prometheus only when the operator asks for it (esha run --metrics).
/// </summary>
public sealed class NodeMetrics : IDisposable
{
    public const string MeterName = "EsHa.Node";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _advertsSent;
    private readonly Counter<long> _advertsReceived;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _transitions;
    private readonly ConcurrentDictionary<string, (int State, int Priority, int Vrid)> _instances = new(StringComparer.Ordinal);

    public NodeMetrics(string node, Func<SqliteJournal?> journal)
    {
        var nodeTag = new KeyValuePair<string, object?>("node", node);
        _advertsSent = _meter.CreateCounter<long>("esha_vrrp_adverts_sent", "{advert}", "VRRP adverts sent");
        _advertsReceived = _meter.CreateCounter<long>("esha_vrrp_adverts_received", "{advert}", "VRRP adverts received for the instance's VRID");
        _rejected = _meter.CreateCounter<long>("esha_vrrp_adverts_rejected", "{advert}", "VRRP packets rejected, by reason");
        _transitions = _meter.CreateCounter<long>("esha_vrrp_transitions", "{transition}", "state changes, by the state entered");
        _meter.CreateObservableGauge("esha_vrrp_state", () => _instances.Select(i =>
            new Measurement<int>(i.Value.State, nodeTag, new("instance", i.Key), new("vrid", i.Value.Vrid))),
            description: "the instance's state as keepalived's SNMP numbers it: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT");
        _meter.CreateObservableGauge("esha_vrrp_effective_priority", () => _instances.Select(i =>
            new Measurement<int>(i.Value.Priority, nodeTag, new("instance", i.Key), new("vrid", i.Value.Vrid))),
            description: "the priority the instance advertises, after tracking");
        _meter.CreateObservableGauge("esha_journal_lag", () => journal() is { } j
                ? [new Measurement<long>(j.LastSequence - j.DurableSequence, nodeTag)]
                : Array.Empty<Measurement<long>>(),
            "{record}", "journal records appended but not yet durable on disk");
        _meter.CreateObservableCounter("esha_journal_dropped", () => journal() is { } j
                ? [new Measurement<long>(j.Dropped, nodeTag)]
                : Array.Empty<Measurement<long>>(),
            "{record}", "journal records lost (queue full or disk full), each recorded as a gap");
        NodeTag = nodeTag;
    }

    private KeyValuePair<string, object?> NodeTag { get; }

    /// <summary>Hooked to <see cref="NodeRuntime.Stepped"/>.</summary>
    public void Observe(string instance, VrrpInput input, IReadOnlyList<VrrpEvent> events, VrrpState state)
    {
        var instanceTag = new KeyValuePair<string, object?>("instance", instance);
        if (input is AdvertReceived)
        {
            _advertsReceived.Add(1, NodeTag, instanceTag);
        }

        foreach (var @event in events)
        {
            switch (@event)
            {
                case AdvertSent:
                    _advertsSent.Add(1, NodeTag, instanceTag);
                    break;
                case AdvertRejected rejected:
                    _rejected.Add(1, NodeTag, instanceTag, new("reason", rejected.Reason.ToString()));
                    break;
                case BecameMaster or BecameBackup or EnteredFault or InstanceStopped:
                    _transitions.Add(1, NodeTag, instanceTag, new("to", Projections.Vrrp.VrrpEffects.StateName(state.Role)));
                    break;
            }
        }

        _instances[instance] = (StateNumber(state.Role), state.EffectivePriority, state.Settings.VirtualRouterId);
    }

    private static int StateNumber(VrrpRole role) => role switch
    {
        VrrpRole.Backup => 1,
        VrrpRole.Master => 2,
        VrrpRole.Fault => 3,
        _ => 0,
    };

    public void Dispose() => _meter.Dispose();
}
