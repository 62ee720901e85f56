using System.Net;
using CsCheck;
using EsHa.Domain.Config;
using EsHa.Domain.Vrrp;
using Xunit;

namespace EsHa.Domain.Tests;

/// <summary>Random input sequences for one instance: Decide never throws, the invariants hold after every batch, and
/// folding all the events from the start gives the live state again.</summary>
public sealed class VrrpDeciderPropertyTests
{
    private static readonly InstanceSettings[] Settings =
    [
        Load("vrrp_instance V { interface e\n virtual_router_id 5\n priority 100\n advert_int 1\n preempt_delay 3\n"
            + " track_interface {\n  t0\n  t1 weight 20\n }\n virtual_ipaddress {\n  192.0.2.5\n }\n}"),
        Load("vrrp_instance V { interface e\n virtual_router_id 5\n priority 255\n state MASTER\n version 3\n advert_int 0.5\n"
            + " virtual_ipaddress {\n  192.0.2.5\n }\n}"),
        Load("vrrp_instance V { interface e\n virtual_router_id 5\n priority 150\n nopreempt\n garp_master_refresh 2\n"
            + " virtual_ipaddress {\n  192.0.2.5\n }\n}"),
    ];

    private static InstanceSettings Load(string text)
    {
        var config = ConfigLoader.LoadText(text).Config!;
        return InstanceSettings.From(config.Instances[0], config, IPAddress.Parse("192.0.2.1"));
    }

    /// <summary>A step: how far time moves, then which input (by kind), with a priority, a sender and a flag.</summary>
    private static readonly Gen<(int Advance, int Kind, int Priority, int Sender, bool Flag)> Steps =
        Gen.Select(Gen.Int[0, 4000], Gen.Int[0, 7], Gen.Int[0, 255], Gen.Int[0, 3], Gen.Bool);

    [Fact]
    public void random_inputs_keep_the_invariants_and_the_events_fold_to_the_state()
    {
        Gen.Select(Gen.Int[0, Settings.Length - 1], Steps.Array[1, 60]).Sample((which, steps) =>
        {
            var settings = Settings[which];
            var state = VrrpDecider.Initial(settings);
            var all = new List<VrrpEvent>();
            var now = Instant.Zero;
            foreach (var step in steps)
            {
                now += TimeSpan.FromMilliseconds(step.Advance);
                foreach (var input in Inputs(state, settings, now, step))
                {
                    var events = VrrpDecider.Decide(state, input);
                    state = VrrpDecider.Apply(state, events);
                    all.AddRange(events);
                }
            }

            var folded = all.Aggregate(VrrpDecider.Initial(settings), VrrpDecider.Evolve);
            Assert.Equal(Describe(state), Describe(folded));
        }, iter: 3000);
    }

    /// <summary>Due timers first (as the runtime fires them), then the step's input.</summary>
    private static IEnumerable<VrrpInput> Inputs(VrrpState state, InstanceSettings settings, Instant now,
        (int Advance, int Kind, int Priority, int Sender, bool Flag) step)
    {
        if (state.DueTimer(now) is { } timer)
        {
            yield return timer;
            yield break;
        }

        var sender = IPAddress.Parse($"192.0.2.{step.Sender}");
        var advert = new VrrpAdvert(settings.Version, settings.VirtualRouterId, step.Priority,
            step.Flag ? settings.AdvertInterval : TimeSpan.FromSeconds(2), settings.VirtualIps);
        yield return step.Kind switch
        {
            0 => new StartRequested(now, step.Flag),
            1 or 2 => new AdvertReceived(now, sender, settings.MulticastGroup, step.Flag ? 255 : 64, advert),
            3 => new InterfaceLinkChanged(now, step.Flag),
            4 => new TrackerChanged(now, TrackerKind.Interface, step.Sender % 2 == 0 ? "t0" : "t1", step.Flag ? 1 : 0),
            5 => new StopRequested(now),
            6 => new PacketRejected(now, sender, AdvertRejectReason.BadChecksum, "bad"),
            _ => new MasterDownTimerFired(now),
        };
    }

    private static string Describe(VrrpState s) =>
        $"{s.Role} {s.EffectivePriority} {s.MasterDownAt} {s.AdvertDueAt} {s.GarpDueAt} {s.GarpRefreshAt} {s.PreemptDelayUntil} "
        + $"{s.Master} {s.MasterPriority} {s.InterfaceUp} {s.MasterAdvertInterval} {string.Join(',', s.TrackerStatus.OrderBy(k => k.Key))}";
}
