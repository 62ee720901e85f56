using EsHa.Domain.Lvs;
using EsHa.Domain.Vrrp;
using EsHa.Node.Ports.Lvs;
using EsHa.Node.Runtime.Recording;
using EsHa.Projections.Lvs;

namespace EsHa.Node.Runtime.Lvs;

/// <summary>
/// Keeps the kernel's LVS table equal to the desired one and journals every mutation with the kernel's answer
/// (stream "lvs"). It remembers the table it believes the kernel has; after a change it applies only the
/// difference (no read: a check result reaches the kernel in one round trip), and at start and every
/// <see cref="DriftCheckEvery"/> it reads the kernel, journals any difference it did not make as drift, and corrects
/// it. Only services EsHa manages are compared: other services in the kernel are the operator's.
/// </summary>
internal sealed class LvsReconciler(ILvsBackend backend, NodeRuntime node)
{
    public static readonly TimeSpan DriftCheckEvery = TimeSpan.FromSeconds(30);

    private LvsTable _believed = LvsTable.Empty;
    private readonly HashSet<LvsServiceKey> _managed = [];
    private bool _read;

    public string Backend => backend.Name;

    public Action<LvsKernelEvent>? Recorded { get; set; }

    public Action<string>? Unreadable { get; set; }

    public Instant? NextDriftCheck { get; private set; }

    /// <summary>The table as EsHa believes the kernel has it (what `esha lvs` shows between reads).</summary>
    public LvsTable Believed => _believed;

    public void Reconcile(LvsTable desired, Instant now, Draft? cause, bool readKernel)
    {
        foreach (var service in desired.Services)
        {
            _managed.Add(service.Key);
        }

        if (readKernel || !_read)
        {
            LvsTable actual;
            try
            {
                actual = Managed(backend.Read());
            }
            catch (IOException e)
            {
                // The kernel could not be read (a dump failed): the change still goes out on what EsHa believes,
                // and the next drift check reads again.
                Unreadable?.Invoke($"{backend.Name}: reading the table failed: {e.Message}");
                actual = _believed;
            }

            var drift = LvsDiff.Between(_believed, actual);
            if (_read && drift.Count > 0)
            {
                Record(new LvsDriftFound(now, backend.Name, drift.Select(m => $"kernel did: {m.Describe()}").ToList()), now, cause);
            }

            (_believed, _read) = (actual, true);
            NextDriftCheck = now + DriftCheckEvery;
        }

        Apply(LvsDiff.Between(_believed, desired), now, cause);

        // Services no longer desired and now gone are no longer ours to watch.
        _managed.RemoveWhere(k => desired.Find(k) is null && _believed.Find(k) is null);
    }

    /// <summary>After a change to some services only (a check result): those are diffed and applied, without reading
    /// the kernel and without walking the rest of the table.</summary>
    public void Reconcile(IReadOnlyList<LvsService> desired, IReadOnlyCollection<LvsServiceKey> keys, Instant now, Draft? cause)
    {
        foreach (var key in keys)
        {
            _managed.Add(key);
        }

        var believed = new LvsTable(keys.Select(_believed.Find).OfType<LvsService>().ToList());
        Apply(LvsDiff.Between(believed, new LvsTable(desired)), now, cause);
    }

    /// <summary>Hands the mutations to the backend, journals each outcome, and believes what was applied.</summary>
    private void Apply(IReadOnlyList<LvsMutation> mutations, Instant now, Draft? cause)
    {
        if (mutations.Count == 0)
        {
            return;
        }

        var results = backend.Apply(mutations);
        foreach (var result in results)
        {
            Record(Event(result, now), now, cause);
        }

        _believed = LvsDiff.ApplyAll(_believed, results.Where(r => r.Applied).Select(r => r.Mutation));
    }

    private LvsTable Managed(LvsTable table) => new(table.Services.Where(s => _managed.Contains(s.Key)).ToList());

    private void Record(LvsKernelEvent fact, Instant now, Draft? cause)
    {
        Recorded?.Invoke(fact);
        var draft = new Draft("lvs", fact, node.WallAt(now)) { Cause = cause };
        draft.Root = cause?.Root ?? draft;
        node.Recorder.Record([draft], null, local: true);
    }

    private LvsKernelEvent Event(LvsMutationResult result, Instant at)
    {
        var name = backend.Name;
        var note = result.Error;
        var service = result.Mutation.Service.ToString();
        return result.Mutation switch
        {
            _ when !result.Applied => new LvsMutationFailed(at, name, result.Mutation.Describe(), result.Error ?? "refused"),
            AddService a => new LvsServiceAdded(at, name, service, a.Settings.Scheduler, note),
            EditService e => new LvsServiceChanged(at, name, service, e.Settings.Scheduler, note),
            DeleteService => new LvsServiceRemoved(at, name, service, note),
            AddDestination a => new LvsDestinationAdded(at, name, service, a.Destination.Endpoint, Method(a.Destination), a.Destination.Weight, note),
            EditDestination e => new LvsWeightSet(at, name, service, e.Destination.Endpoint, e.PreviousWeight, e.Destination.Weight, note),
            DeleteDestination d => new LvsDestinationRemoved(at, name, service, LvsDestination.Format(d.Address, d.Port), note),
            _ => new LvsMutationFailed(at, name, result.Mutation.Describe(), "unknown mutation"),
        };
    }

    private static string Method(LvsDestination d) => d.Method switch
    {
        Domain.Config.Model.ForwardingMethod.DirectRouting => "DR",
        Domain.Config.Model.ForwardingMethod.Tunnel => "TUN",
        _ => "NAT",
    };
}
