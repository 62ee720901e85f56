using System.Net;
using EsHa.Domain.Config.Model;
using EsHa.Domain.SyncGroups;
using EsHa.Domain.Vrrp;
using EsHa.Node.Ports.VrrpTransport.Wire;
using EsHa.Projections.Vrrp;

namespace EsHa.Node.Runtime;

/// <summary>
/// One node's runtime turn, the same under Linux and in the simulator: an input goes to its instance's Decide, the
/// events get sequence numbers and are recorded, Evolve folds them, and the effects derived from them go to the
/// ports. Single-threaded by design: the caller serialises inputs. Recording is a list here; the durable journal
/// (which must never delay this loop) arrives with the journal issue.
/// </summary>
/// <param name="wallClock">the wall-clock time at an instant (the simulator's is a fixed epoch plus the instant)</param>
public sealed class NodeRuntime(string name, IVrrpTransport transport, IEffectPort effects, Func<Instant, DateTimeOffset> wallClock)
{
    private readonly Dictionary<string, VrrpState> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _interfaces = new(StringComparer.Ordinal);
    private long _sequence;
    private long _inputs;

    public string Name { get; } = name;

    public List<RecordedEvent> Journal { get; } = [];

    public IReadOnlyDictionary<string, VrrpState> Instances => _instances;

    public void Configure(KeepalivedConfig config, IPAddress ownAddress)
    {
        foreach (var instance in config.Instances)
        {
            _instances[instance.Name] = VrrpDecider.Initial(InstanceSettings.From(instance, config, ownAddress));
            _interfaces[instance.Name] = instance.Interface ?? "";
        }
    }

    /// <summary>The earliest timer of any instance, for the caller to wait on.</summary>
    public Instant? NextDeadline => _instances.Values.Select(s => s.NextDeadline).Where(d => d is not null).Min();

    /// <summary>One input for one instance; in a sync group, the group's rules first gate it and then move the other
    /// members (each move is an input of theirs, recorded with its own events).</summary>
    public void Handle(string instance, VrrpInput input)
    {
        var group = _instances[instance].Settings.SyncGroup;
        if (group is null)
        {
            Step(instance, input);
            return;
        }

        var events = Step(instance, SyncGroupCoordinator.Gate(Members(group), instance, input));
        var cause = _sequence;
        foreach (var (member, move) in SyncGroupCoordinator.Follow(group, Members(group), instance, events))
        {
            Step(member, move, cause);
        }
    }

    private Dictionary<string, VrrpState> Members(string group) =>
        _instances.Where(kv => kv.Value.Settings.SyncGroup == group).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    private IReadOnlyList<VrrpEvent> Step(string instance, VrrpInput input, long? causedBy = null)
    {
        var state = _instances[instance];
        var events = VrrpDecider.Decide(state, input);
        _inputs++;
        var wall = wallClock(input.At);
        foreach (var @event in events)
        {
            Journal.Add(new RecordedEvent(Name, ++_sequence, instance, _inputs, @event) { Wall = wall, CausedBy = causedBy });
            state = VrrpDecider.Evolve(state, @event);
            foreach (var effect in VrrpEffects.Of(@event, state))
            {
                Perform(instance, state, effect);
            }
        }

        VrrpDecider.CheckInvariants(state);
        _instances[instance] = state;
        return events;
    }

    /// <summary>Every instance's due timers, in deadline order.</summary>
    public void FireTimers(Instant now)
    {
        while (_instances.Select(kv => (kv.Key, Timer: kv.Value.DueTimer(now))).Where(x => x.Timer is not null)
                   .OrderBy(x => x.Timer!.At).ThenBy(x => x.Key, StringComparer.Ordinal).FirstOrDefault() is { Key: { } instance, Timer: { } timer })
        {
            Handle(instance, timer);
        }
    }

    /// <summary>A received VRRP packet: decoded here, handed to the instance with that VRID (or recorded as rejected).</summary>
    public void Receive(Instant at, string interfaceName, IPAddress source, IPAddress destination, int ttl, byte[] packet)
    {
        var decoded = VrrpCodec.Decode(packet, source, destination);
        var vrid = packet.Length > 1 ? packet[1] : -1;
        foreach (var (instance, state) in _instances.Where(kv => _interfaces[kv.Key] == interfaceName
                     && kv.Value.Settings.VirtualRouterId == vrid).ToList())
        {
            Handle(instance, decoded.Advert is { } advert
                ? new AdvertReceived(at, source, destination, ttl, advert)
                : new PacketRejected(at, source, decoded.Reason, decoded.Detail));
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
