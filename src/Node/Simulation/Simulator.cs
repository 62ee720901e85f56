using System.Globalization;
using System.Net;
using EsHa.Domain.Config;
using EsHa.Domain.Config.Reading;
using EsHa.Domain.Vrrp;
using EsHa.Node.Config;
using EsHa.Node.Journal;
using EsHa.Node.Runtime;
using EsHa.Projections.Vrrp;

namespace EsHa.Node.Simulation;

/// <summary>
/// Runs a scenario's nodes in virtual time: the same NodeRuntime as a real node, over a simulated segment, with faults
/// from the scenario and loss/jitter from the seed. After every step the invariants are checked; one seed is one
/// reproduction, bit for bit.
/// </summary>
public sealed partial class Simulator
{
    private readonly PriorityQueue<Action, (Instant At, long Order)> _queue = new();
    private readonly List<SimulatedNode> _nodes = [];
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _traced = new(StringComparer.Ordinal);
    private long _order;

    /// <param name="durableJournal">a durable journal for a node (by name) that the run writes as well, or null</param>
    public Simulator(Scenario scenario, string scenarioDirectory, ulong seed, Func<string, IJournal>? durableJournal = null)
    {
        Scenario = scenario;
        Seed = seed;
        Random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        var transport = new SimulatedSegment(this);
        var effects = new SimulatedEffects(this);
        foreach (var spec in scenario.Nodes)
        {
            var path = Path.GetFullPath(Path.Combine(scenarioDirectory, spec.Config));
            var loaded = ConfigLoader.Load(new PhysicalConfigFileSystem(), path, path, new ReaderOptions(ConfigId: spec.Name));
            var config = loaded.Config ?? throw new InvalidDataException($"{path}: {string.Join("; ", loaded.Diagnostics)}");
            var node = new SimulatedNode(spec.Name, IPAddress.Parse(spec.Address), config, spec.Interface, path)
            {
                Durable = durableJournal?.Invoke(spec.Name),
            };
            node.Runtime = NewRuntime(node, transport, effects);
            _nodes.Add(node);
        }

        foreach (var fault in scenario.Faults)
        {
            if (_nodes.All(n => n.Name != fault.Node) || !FaultKinds.Contains(fault.Kind) || fault.At < 0)
            {
                throw new InvalidDataException(
                    $"fault '{fault.Kind}' at {fault.At}s for '{fault.Node}': the node must be named in the scenario, " +
                    $"the kind one of {string.Join(", ", FaultKinds)}, and the time not negative");
            }

            if (fault.Kind == "tracker" && ParseTracker(fault.Tracker) is null)
            {
                throw new InvalidDataException(
                    $"fault 'tracker' at {fault.At}s for '{fault.Node}': \"tracker\" must be script:NAME, interface:NAME or file:NAME, not '{fault.Tracker}'");
            }

            Schedule(Instant.At(TimeSpan.FromSeconds(fault.At)), () => Inject(fault));
        }
    }

    private static readonly string[] FaultKinds =
        ["link-down", "link-up", "isolate", "rejoin", "crash", "restart", "tracker", "drain", "resume", "clock-jump"];

    private NodeRuntime NewRuntime(SimulatedNode node, SimulatedSegment transport, SimulatedEffects effects)
    {
        IJournal journal = node.Durable is { } durable ? new TeeJournal(node.Journal.Reopen(), durable) : node.Journal.Reopen();
        var runtime = new NodeRuntime(node.Name, transport, effects, at => WallClock(at) + node.WallOffset, journal);
        runtime.Configure(node.Config, node.Address, Now, node.ConfigPath);
        return runtime;
    }

    private static (TrackerKind Kind, string Name)? ParseTracker(string? text) => text?.Split(':', 2) switch
    {
        ["script", { Length: > 0 } name] => (TrackerKind.Script, name),
        ["interface", { Length: > 0 } name] => (TrackerKind.Interface, name),
        ["file", { Length: > 0 } name] => (TrackerKind.File, name),
        _ => null,
    };

    /// <summary>Simulated wall clocks all read a fixed epoch plus the instant, so journals are the same every run.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset WallClock(Instant at) => Epoch.AddTicks(at.Microseconds * 10);

    public Scenario Scenario { get; }

    public ulong Seed { get; }

    public Instant Now { get; private set; }

    internal Random Random { get; }

    internal IReadOnlyList<SimulatedNode> Nodes => _nodes;

    /// <summary>Every transition, one line each, in the order they happened.</summary>
    public List<string> Trace { get; } = [];

    public IReadOnlyDictionary<string, long> Counters => _counters;

    /// <summary>Run on past a broken invariant (a what-if replay reports what its configuration does, even when that
    /// is two masters); the first one is kept in <see cref="FirstViolation"/>.</summary>
    public bool KeepGoing { get; init; }

    public string? FirstViolation { get; private set; }

    /// <summary>A node's journal as written so far (the run flushes what the runtimes held back when it ends).</summary>
    public IReadOnlyList<JournalRecord> Journal(string node) => Node(node).Journal.Records;

    public IEnumerable<string> NodeNames => _nodes.Select(n => n.Name);

    internal SimulatedNode Node(string name) => _nodes.First(n => n.Name == name);

    internal void Count(string what) => _counters[what] = _counters.GetValueOrDefault(what) + 1;

    internal void Schedule(Instant at, Action action) => _queue.Enqueue(action, (at, _order++));

    /// <summary>Runs to the scenario's end; returns the first invariant violation, or null.</summary>
    public string? Run() => RunTo(Scenario.Until) ?? Finish();

    private bool _started;

    /// <summary>Runs up to a simulated second (the first call starts the nodes); returns the first invariant
    /// violation, or null. Lets a test change the world between stretches of a run (a disk filling up, say).</summary>
    public string? RunTo(double seconds)
    {
        if (!_started)
        {
            _started = true;
            foreach (var node in _nodes)
            {
                StartInstances(node);
            }
        }

        var end = Instant.At(TimeSpan.FromSeconds(Math.Min(seconds, Scenario.Until)));
        while (NextStep() is { } next && next <= end)
        {
            Now = next;
            while (_queue.TryPeek(out _, out var key) && key.At <= Now)
            {
                _queue.Dequeue()();
            }

            foreach (var node in _nodes.Where(n => n.Alive))
            {
                node.Runtime.FireTimers(Now);
            }

            TraceNewEvents();
            if (CheckInvariants() is { } violation)
            {
                if (!KeepGoing)
                {
                    return violation;
                }

                FirstViolation ??= violation;
            }
        }

        Now = end;
        return null;
    }

    /// <summary>The end of a run: what the runtimes held back is journaled, and every journal must fold to its
    /// node's live state.</summary>
    public string? Finish()
    {
        foreach (var node in _nodes.Where(n => n.Alive))
        {
            node.Runtime.FlushJournal();
        }

        TraceNewEvents();
        return CheckJournalsFold();
    }

    private Instant? NextStep()
    {
        Instant? next = _queue.TryPeek(out _, out var key) ? key.At : null;
        foreach (var deadline in _nodes.Where(n => n.Alive).Select(n => n.Runtime.NextDeadline))
        {
            if (deadline is { } d && (next is null || d < next))
            {
                next = d;
            }
        }

        return next;
    }

    private void StartInstances(SimulatedNode node)
    {
        foreach (var instance in node.Runtime.Instances.Keys.ToList())
        {
            node.Runtime.Handle(instance, new StartRequested(Now, node.LinkUp));
        }
    }

    private void Inject(ScenarioFault fault)
    {
        var node = Node(fault.Node);
        TraceNewEvents();
        _lastDisturbance = Now;
        Trace.Add($"{Now,10} {node.Name,-8} ** {fault.Kind}");
        switch (fault.Kind)
        {
            case "link-down" or "link-up":
                node.LinkUp = fault.Kind == "link-up";
                foreach (var instance in node.Runtime.Instances.Keys.ToList())
                {
                    node.Runtime.Handle(instance, new InterfaceLinkChanged(Now, node.LinkUp));
                }

                break;
            case "isolate" or "rejoin":
                node.Isolated = fault.Kind == "isolate";
                break;
            case "crash":
                // A crash sends nothing and removes nothing: the VIPs stay on a dead host, as with kill -9.
                node.Alive = false;
                break;
            case "restart":
                node.Alive = true;
                node.Vips.Clear();
                node.Runtime = NewRuntime(node, new SimulatedSegment(this), new SimulatedEffects(this));
                foreach (var (tracker, value) in node.Trackers)
                {
                    Deliver(node, instance => new TrackerChanged(Now, tracker.Kind, tracker.Name, value));
                }

                StartInstances(node);
                break;
            case "tracker":
                var (kind, name) = ParseTracker(fault.Tracker)!.Value;
                node.Trackers[(kind, name)] = fault.Value;
                Deliver(node, instance => new TrackerChanged(Now, kind, name, fault.Value));
                break;
            case "drain" or "resume":
                var action = fault.Kind == "drain" ? OperatorAction.Drain : OperatorAction.Resume;
                Deliver(node, instance => new OperatorCommanded(Now, action, "scenario"));
                break;
            case "clock-jump":
                node.WallOffset += TimeSpan.FromSeconds(fault.Seconds);
                break;
            default:
                throw new InvalidOperationException($"fault kind '{fault.Kind}' passed the scenario check");
        }
    }

    /// <summary>An input for every instance of a running node (a dead one hears nothing).</summary>
    private static void Deliver(SimulatedNode node, Func<string, VrrpInput> input)
    {
        if (!node.Alive)
        {
            return;
        }

        foreach (var instance in node.Runtime.Instances.Keys.ToList())
        {
            node.Runtime.Handle(instance, input(instance));
        }
    }

    /// <summary>Role changes, one fixed-width line each, from every node's journal since the last call.</summary>
    private void TraceNewEvents()
    {
        var lines = new List<(Instant At, string Node, long Sequence, string Line)>();
        foreach (var node in _nodes)
        {
            var journal = node.Journal.Records;
            for (var i = _traced.GetValueOrDefault(node.Name); i < journal.Count; i++)
            {
                if (journal[i].Fact is BecameMaster or BecameBackup or EnteredFault or InstanceStopped)
                {
                    var e = (VrrpEvent)journal[i].Fact;
                    lines.Add((e.At, node.Name, journal[i].Sequence,
                        $"{e.At,10} {node.Name,-8} {journal[i].Stream}: {VrrpDescribe.What(e)}"));
                }
            }

            _traced[node.Name] = journal.Count;
        }

        Trace.AddRange(lines.OrderBy(l => l.At).ThenBy(l => l.Node, StringComparer.Ordinal).ThenBy(l => l.Sequence).Select(l => l.Line));
    }

    /// <summary>The seed and every knob, printed first so that a run can be repeated.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"seed {Seed}, {_nodes.Count} nodes, until {Scenario.Until}s, loss {Scenario.Loss}, duplicate {Scenario.Duplicate}, jitter {Scenario.JitterMilliseconds}ms\n");
}
