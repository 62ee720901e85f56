using EsHa.Domain.Config.Model;
using EsHa.Domain.Lvs;
using EsHa.Domain.Vrrp;
using EsHa.Node.Ports.Lvs;
using EsHa.Node.Ports.Probes;
using EsHa.Node.Runtime.Recording;
using EsHa.Projections.Lvs;

namespace EsHa.Node.Runtime.Lvs;

/// <summary>
/// A node's load-balancer side, on the same loop and journal as its VRRP instances: probes are started when due
/// (their results come back through <paramref name="enqueue"/>, as inputs on the loop), each result steps its real
/// server's checkers and then its virtual server's quorum, the input and the decisions are journaled (steady results
/// coalesce), scripts run, and the kernel's table is reconciled to the new desired one.
/// </summary>
public sealed partial class LvsRuntime(NodeRuntime node, IProbePort probes, ILvsBackend backend, Action<Action<Instant>> enqueue)
{
    private readonly Dictionary<string, VirtualServerState> _virtualServers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RealServerState> _realServers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (VirtualServer Vs, RealServer Rs, IReadOnlyList<HealthChecker> Checkers)> _configOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (VirtualServer Config, IReadOnlyList<Projections.Lvs.LvsServiceKey> Keys)> _services = new(StringComparer.Ordinal);
    private readonly PriorityQueue<(string Stream, int Checker), Instant> _due = new();
    private readonly LvsReconciler _reconciler = new(backend, node);
    private KeepalivedConfig _config = new();
    private bool _deferReconcile;

    public IReadOnlyDictionary<string, VirtualServerState> VirtualServers => _virtualServers;

    public IReadOnlyDictionary<string, RealServerState> RealServers => _realServers;

    /// <summary>The backend's name and the table EsHa believes the kernel has.</summary>
    public (string Backend, LvsTable Table) Table => (_reconciler.Backend, _reconciler.Believed);

    /// <summary>Told of every step (metrics and logs; on the loop's thread, must be quick).</summary>
    public Action<LvsInput, IReadOnlyList<LvsEvent>>? Stepped { get; set; }

    /// <summary>Told of every kernel mutation and drift, as journaled (logs).</summary>
    public Action<LvsKernelEvent>? Applied
    {
        get => _reconciler.Recorded;
        set => _reconciler.Recorded = value;
    }

    /// <summary>Told when the kernel's table could not be read (logs).</summary>
    public Action<string>? Unreadable
    {
        get => _reconciler.Unreadable;
        set => _reconciler.Unreadable = value;
    }

    public Instant? NextDeadline
    {
        get
        {
            Instant? next = _due.TryPeek(out _, out var at) ? at : null;
            return _reconciler.NextDriftCheck is { } drift && (next is null || drift < next) ? drift : next;
        }
    }

    public void Configure(KeepalivedConfig config)
    {
        _config = config;
        foreach (var vs in config.VirtualServers)
        {
            Add(vs, config);
        }
    }

    /// <summary>Every virtual server starts its checkers; the kernel's table is read and made to match.</summary>
    public void Start(Instant now) => InOneReconcile(now, readKernel: true, () =>
    {
        Draft? last = null;
        foreach (var name in _virtualServers.Keys.ToList())
        {
            last = Step(name, new CheckersStartRequested(now, name), name);
        }

        return last;
    });

    /// <summary>Stops every checker and takes EsHa's services out of the kernel (as keepalived does at shutdown).</summary>
    public void Stop(Instant now)
    {
        InOneReconcile(now, readKernel: false, () =>
        {
            Draft? last = null;
            foreach (var name in _virtualServers.Keys.ToList())
            {
                last = Step(name, new CheckersStopRequested(now, name), name);
            }

            return last;
        });
        _due.Clear();
    }

    /// <summary>Steps many virtual servers (start, stop, reload), then reconciles the kernel once, to the table they
    /// leave: a reconcile per virtual server would rewrite the table as many times, and a restarted one's destinations
    /// would leave and come back instead of being edited. <paramref name="steps"/> returns the last draft (the cause
    /// of the kernel's changes).</summary>
    private void InOneReconcile(Instant now, bool readKernel, Func<Draft?> steps)
    {
        Draft? last;
        _deferReconcile = true;
        try
        {
            last = steps();
        }
        finally
        {
            _deferReconcile = false;
        }

        _reconciler.Reconcile(Desired(), now, last, readKernel);
    }

    /// <summary>Starts every probe now due, and reads the kernel for drift when that is due.</summary>
    public void FireTimers(Instant now)
    {
        while (_due.TryPeek(out var next, out var at) && at <= now)
        {
            _due.Dequeue();
            if (!_realServers.TryGetValue(next.Stream, out var state) || state.Checkers[next.Checker].DueAt != at)
            {
                continue;   // rescheduled since: the queue keeps stale entries rather than searching for them
            }

            _realServers[next.Stream] = RealServerDecider.ProbeStarted(state, next.Checker);
            var (vs, rs, checkers) = _configOf[next.Stream];
            var checker = state.Checkers[next.Checker];
            var request = new ProbeRequest(vs, rs, checkers[next.Checker], checker.Settings, checker.Url);
            var (vsName, rsId, index, url) = (state.Settings.VirtualServer, state.Settings.Id, next.Checker, checker.Url);
            probes.Start(request, outcome => enqueue(t =>
                Completed(new ProbeCompleted(t, vsName, rsId, index, outcome.Succeeded, outcome.Reason, outcome.ExitCode, url))));
        }

        if (_reconciler.NextDriftCheck is { } drift && drift <= now)
        {
            _reconciler.Reconcile(Desired(), now, null, readKernel: true);
        }
    }

    /// <summary>A probe's result, on the loop.</summary>
    public void Completed(ProbeCompleted result)
    {
        // A result for a virtual or real server a reload removed is a leftover: dropped.
        if (_virtualServers.ContainsKey(result.VirtualServer) && _realServers.ContainsKey($"{result.VirtualServer}/{result.RealServer}"))
        {
            Step(result.VirtualServer, result, $"{result.VirtualServer}/{result.RealServer}");
        }
    }

    private Draft Step(string vsName, LvsInput input, string inputStream)
    {
        var wall = node.WallAt(input.At);
        var inputDraft = new Draft(inputStream, input, wall);
        inputDraft.Root = inputDraft;
        var drafts = new List<Draft> { inputDraft };
        var rsEvents = new List<LvsEvent>();
        var streams = input is ProbeCompleted ? [inputStream] : _virtualServers[vsName].Settings.RealServers.Select(r => r.Stream);
        foreach (var stream in streams)
        {
            var before = _realServers[stream];
            var (after, events) = RealServerDecider.Step(before, input);
            _realServers[stream] = after;
            Schedule(stream, before, after);
            foreach (var e in events)
            {
                drafts.Add(new Draft(stream, e, wall) { Cause = inputDraft, Root = inputDraft });
            }

            rsEvents.AddRange(events);
        }

        var (vsState, vsEvents) = VirtualServerDecider.Step(_virtualServers[vsName], rsEvents, input.At);
        _virtualServers[vsName] = vsState;
        var cause = drafts[^1];
        foreach (var e in vsEvents)
        {
            drafts.Add(new Draft(vsName, e, wall) { Cause = cause, Root = inputDraft });
        }

        node.Recorder.Record([.. drafts], LvsBatchSignature.Of(input, rsEvents.Count + vsEvents.Count), local: true);
        Stepped?.Invoke(input, [.. rsEvents, .. vsEvents]);
        foreach (var e in rsEvents.Concat(vsEvents))
        {
            foreach (var script in LvsEffects.Of(e, vsState.Settings))
            {
                node.Effects.Apply(node.Name, script);
            }
        }

        if (!_deferReconcile && (rsEvents.Any(ChangesTable) || vsEvents.Count > 0))
        {
            var (config, keys) = _services[vsName];
            var desired = LvsDesiredTable.Of(config, _config, vsState, _realServers.GetValueOrDefault).ToList();
            _reconciler.Reconcile(desired, keys, input.At, drafts[^1]);
        }

        return drafts[^1];
    }

    private static bool ChangesTable(LvsEvent e) => e is not (CheckAttemptFailed or CheckerWentUp or CheckerWentDown);

    private LvsTable Desired() => LvsDesiredTable.Of(_config, _virtualServers.GetValueOrDefault, _realServers.GetValueOrDefault);

    /// <summary>Queues the probes whose due time a step set (a checker whose time did not move is queued already).</summary>
    private void Schedule(string stream, RealServerState before, RealServerState after)
    {
        for (var i = 0; i < after.Checkers.Count; i++)
        {
            if (after.Checkers[i].DueAt is { } due && (i >= before.Checkers.Count || before.Checkers[i].DueAt != due))
            {
                _due.Enqueue((stream, i), due);
            }
        }
    }
}

/// <summary>Which LVS batches are "the same again": a probe result that decided nothing (a success while up, a
/// failure while already down), keyed by everything but the time.</summary>
internal static class LvsBatchSignature
{
    public static string? Of(LvsInput input, int events) => input is ProbeCompleted p && events == 0
        ? $"{p.Checker}|{p.Succeeded}|{p.Reason}|{p.ExitCode}|{p.Url}"
        : null;
}
