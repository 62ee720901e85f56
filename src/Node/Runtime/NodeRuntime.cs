using System.Net;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Facts;
using EsHa.Domain.SyncGroups;
using EsHa.Domain.Vrrp;
using EsHa.Node.Journal;
using EsHa.Node.Ports.VrrpTransport.Wire;
using EsHa.Node.Runtime.Recording;
using EsHa.Projections.Vrrp;

namespace EsHa.Node.Runtime;

/// <summary>
/// One node's runtime turn, the same under Linux and in the simulator: an input goes to its instance's Decide; the
/// input and the events are journaled (the journal port only enqueues: failover never waits on a disk); Evolve
/// folds the events; the effects derived from them go to the ports. Single-threaded by design: the caller
/// serialises inputs.
/// </summary>
/// <param name="wallClock">the wall-clock time at an instant (the simulator's is a fixed epoch plus the instant)</param>
public sealed partial class NodeRuntime(string name, IVrrpTransport transport, IEffectPort effects, Func<Instant, DateTimeOffset> wallClock,
    IJournal journal, TimeSpan? checkpointEvery = null)
{
    /// <summary>How long steady traffic may go without a record that closes its run.</summary>
    public static readonly TimeSpan DefaultCheckpoint = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, VrrpState> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _interfaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SyncGroupSettings> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VrrpRole> _groupRoles = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Instance, string Timer), Draft> _armedBy = [];
    private readonly Dictionary<string, (DateTimeOffset Wall, string What)> _lastTransitions = new(StringComparer.Ordinal);
    private readonly JournalRecorder _recorder = new(name, journal, checkpointEvery ?? DefaultCheckpoint);

    public string Name { get; } = name;

    /// <summary>The node's one recorder: the LVS side journals through it, so a node has one gapless sequence.</summary>
    internal JournalRecorder Recorder => _recorder;

    internal DateTimeOffset WallAt(Instant at) => wallClock(at);

    internal IEffectPort Effects => effects;

    public IReadOnlyDictionary<string, VrrpState> Instances => _instances;

    /// <summary>Each instance's last role change: when (wall clock) and what, in words ("became MASTER from Backup:
    /// master down timer expired"), for `esha status`.</summary>
    public IReadOnlyDictionary<string, (DateTimeOffset Wall, string What)> LastTransitions => _lastTransitions;

    /// <summary>Told of every step as it happens, before coalescing (metrics and logs; runs on the caller's thread, so
    /// it must be quick and must not throw).</summary>
    public Action<string, VrrpInput, IReadOnlyList<VrrpEvent>, VrrpState>? Stepped { get; set; }

    /// <summary>Each sync group's own state (Init until its members have one).</summary>
    public IReadOnlyDictionary<string, VrrpRole> SyncGroups => _groupRoles;

    /// <summary>The earliest timer of any instance, for the caller to wait on.</summary>
    public Instant? NextDeadline
    {
        get
        {
            Instant? next = null;
            foreach (var state in _instances.Values)
            {
                if (state.NextDeadline is { } due && (next is null || due < next))
                {
                    next = due;
                }
            }

            return next;
        }
    }

    /// <summary>One input for one instance; in a sync group, the group's rules first gate it and then move the other
    /// members (each move is an input of theirs, journaled with the member's event as its cause).</summary>
    public void Handle(string instance, VrrpInput input)
    {
        var group = _instances[instance].Settings.SyncGroup;
        if (group is null)
        {
            Step(instance, input, null);
            return;
        }

        var (events, drafts) = Step(instance, SyncGroupCoordinator.Gate(Members(group), instance, input), null);
        var cause = drafts.LastOrDefault(d => d.Fact is BecameMaster or BecameBackup or EnteredFault) ?? drafts.LastOrDefault();
        foreach (var (member, move) in SyncGroupCoordinator.Follow(group, Members(group), instance, events))
        {
            Step(member, move, cause);
        }

        if (SyncGroupCoordinator.GroupRole(Members(group)) is { } role && role != _groupRoles.GetValueOrDefault(group))
        {
            var changed = new SyncGroupChanged(input.At, group, _groupRoles.GetValueOrDefault(group), role, instance);
            _groupRoles[group] = role;
            _recorder.Record([new Draft(group, changed, wallClock(input.At)) { Cause = cause, Root = cause?.Root }], null);
            foreach (var effect in VrrpEffects.OfGroup(changed, _groups[group].Notify))
            {
                effects.Apply(Name, effect);
            }
        }
    }

    /// <summary>Writes the steady traffic held back for coalescing (at a stop, and before reading the journal).</summary>
    public void FlushJournal() => _recorder.Flush();

    private Dictionary<string, VrrpState> Members(string group) =>
        _instances.Where(kv => kv.Value.Settings.SyncGroup == group).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    private (IReadOnlyList<VrrpEvent> Events, Draft[] Drafts) Step(string instance, VrrpInput input, Draft? cause)
    {
        var state = _instances[instance];
        var events = VrrpDecider.Decide(state, input);
        if (events.Count == 0 && input.IsTimer)
        {
            // A timer that fired for a deadline that has since moved decided nothing: not worth a record.
            return (events, []);
        }

        var wall = wallClock(input.At);
        cause ??= input.IsTimer ? _armedBy.GetValueOrDefault((instance, TimerOf(input))) : null;
        var inputDraft = new Draft(instance, input, wall) { Cause = cause };
        inputDraft.Root = cause is null ? inputDraft : cause.Root;
        var drafts = new Draft[events.Count + 1];
        drafts[0] = inputDraft;
        var work = new List<(VrrpState After, VrrpEvent Event)>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var draft = drafts[i + 1] = new Draft(instance, events[i], wall) { Cause = inputDraft, Root = inputDraft.Root };
            var after = VrrpDecider.Evolve(state, events[i]);
            Armed(instance, state, after, draft);
            work.Add((after, events[i]));
            state = after;
        }

        VrrpDecider.CheckInvariants(state);
        _instances[instance] = state;
        if (events.LastOrDefault(e => e is BecameMaster or BecameBackup or EnteredFault or InstanceStopped) is { } transition)
        {
            _lastTransitions[instance] = (wall, VrrpDescribe.What(transition));
        }
        _recorder.Record(drafts, BatchSignature.Of(input, events));
        foreach (var (after, @event) in work)
        {
            foreach (var effect in VrrpEffects.Of(@event, after))
            {
                Perform(instance, after, effect);
            }
        }

        // Metrics and logs after the effects: a failover does not wait on them.
        Stepped?.Invoke(instance, input, events, state);

        return (events, drafts);
    }

    /// <summary>Remembers which event set each timer, so that the timer's firing names it as its cause.</summary>
    private void Armed(string instance, VrrpState before, VrrpState after, Draft draft)
    {
        if (after.MasterDownAt is not null && after.MasterDownAt != before.MasterDownAt)
        {
            _armedBy[(instance, "master-down")] = draft;
        }

        if (after.AdvertDueAt is not null && after.AdvertDueAt != before.AdvertDueAt)
        {
            _armedBy[(instance, "advert")] = draft;
        }

        if (after.GarpDueAt is not null && after.GarpDueAt != before.GarpDueAt)
        {
            _armedBy[(instance, "garp")] = draft;
        }
    }

    private static string TimerOf(VrrpInput timer) => timer switch
    {
        AdvertTimerFired => "advert",
        GarpTimerFired => "garp",
        _ => "master-down",
    };

    /// <summary>Every instance's due timers, in deadline order.</summary>
    public void FireTimers(Instant now)
    {
        (string Instance, VrrpInput Timer)? previous = null;
        while (true)
        {
            (string Instance, VrrpInput Timer)? earliest = null;
            foreach (var (instance, state) in _instances)
            {
                if (state.DueTimer(now) is { } timer && (earliest is null || timer.At < earliest.Value.Timer.At
                        || (timer.At == earliest.Value.Timer.At && string.CompareOrdinal(instance, earliest.Value.Instance) < 0)))
                {
                    earliest = (instance, timer);
                }
            }

            if (earliest is not { } due)
            {
                return;
            }

            // A due timer must move its deadline (or clear it): firing the same one again would spin for ever.
            Domain.Vrrp.Invariant.Holds(previous != due, $"{Name} {due.Instance}: {due.Timer} decided nothing and stays due");
            previous = due;
            Handle(due.Instance, due.Timer);
        }
    }

    /// <summary>A received VRRP packet: decoded here, handed to the instance with that VRID (or journaled as rejected).</summary>
    public void Receive(Instant at, string interfaceName, IPAddress source, IPAddress destination, int ttl, byte[] packet)
    {
        var decoded = VrrpCodec.Decode(packet, source, destination);
        var vrid = packet.Length > 1 ? packet[1] : -1;
        var onInterface = _instances.Where(kv => _interfaces[kv.Key] == interfaceName).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        var matching = onInterface.Where(i => _instances[i].Settings.VirtualRouterId == vrid).ToList();
        foreach (var instance in matching)
        {
            Handle(instance, decoded.Advert is { } advert
                ? new AdvertReceived(at, source, destination, ttl, advert)
                : new PacketRejected(at, source, decoded.Reason, decoded.Detail));
        }

        if (matching.Count == 0)
        {
            // A VRID nobody here runs: each instance on the interface records it (a misconfigured peer shows up
            // in the journal instead of vanishing; steady repeats coalesce).
            foreach (var instance in onInterface)
            {
                Handle(instance, new PacketRejected(at, source, AdvertRejectReason.VridMismatch,
                    $"VRID {vrid}, ours is {_instances[instance].Settings.VirtualRouterId}"));
            }
        }
    }

    private void Perform(string instance, VrrpState state, VrrpEffect effect)
    {
        if (effect is SendAdvert send)
        {
            foreach (var destination in send.To)
            {
                transport.Send(Name, _interfaces[instance], state.Settings.OwnAddress, destination,
                    VrrpCodec.Encode(send.Advert, state.Settings.OwnAddress, destination));
            }

            return;
        }

        effects.Apply(Name, effect);
    }
}
