using System.Globalization;
using System.Net;
using EsHa.Config.Tests.Support;
using EsHa.Domain.Vrrp;
using EsHa.Node.Simulation;
using EsHa.Projections.Forensics;
using Xunit;

namespace EsHa.Node.Tests.Forensics;

/// <summary>The forensic read models over the journals of the simulated seed cluster (ka01 loses its link at 30 s,
/// gets it back at 60 s, preempt_delay 10): the same moves the simulator's trace shows, read from the journals alone.</summary>
public sealed class ReadModelTests
{
    internal static IReadOnlyList<TimelineEntry> SeedJournals()
    {
        var path = Path.Combine(Corpus.RepoRoot, "ops", "examples", "seed", "scenario.json");
        var simulator = new Simulator(Scenario.Load(path), Path.GetDirectoryName(path)!, 1);
        Assert.Null(simulator.Run());
        return [.. simulator.NodeNames.SelectMany(n => simulator.Journal(n)).Select(r => new TimelineEntry(r.Node, r.Sequence, r.Stream, r.Wall, r.Fact, r.CausationId))];
    }

    private static string Seconds(DateTimeOffset? t) => t is { } at ? (at - Simulator.Epoch).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) : "now";

    [Fact]
    public void the_vip_moves_to_ka02_when_ka01_loses_its_link_and_back_after_the_preempt_delay()
    {
        var held = VipOwnership.Of(SeedJournals()).Where(v => v.Vip.Equals(IPAddress.Parse("192.168.126.100")))
            .Select(v => $"{v.Node} {Seconds(v.From)}-{Seconds(v.To)}").ToList();
        // The moments of the simulator's golden trace (testdata/simulate/seed-scenario.trace), from the journals alone;
        // the last interval is still open when the scenario ends.
        Assert.Equal(["ka01 9.609-30", "ka02 37.258-79.867", "ka01 79.867-now"], held);

        // Nobody holds it twice at once once settled: each interval ends where the next begins, or before.
        var intervals = VipOwnership.Of(SeedJournals()).Where(v => v.Vip.Equals(IPAddress.Parse("192.168.126.100"))).ToList();
        for (var i = 1; i < intervals.Count; i++)
        {
            Assert.True(intervals[i - 1].To is { } end && end <= intervals[i].From + TimeSpan.FromSeconds(1),
                $"{intervals[i - 1]} overlaps {intervals[i]}");
        }
    }

    [Fact]
    public void instance_states_over_time_follow_the_faults_of_the_scenario()
    {
        var ka01 = StateIntervals.Of(SeedJournals()).Where(i => i.Node == "ka01" && i.Instance == "VI_1").Select(i => i.Role).ToList();
        Assert.Equal([VrrpRole.Init, VrrpRole.Backup, VrrpRole.Master, VrrpRole.Fault, VrrpRole.Backup, VrrpRole.Master], ka01.Take(6));
    }

    [Fact]
    public void real_server_health_is_alive_dead_alive_and_a_dead_servers_weight_change_is_no_interval()
    {
        const string Vs = "192.168.126.100:80";
        const string Rs = "192.168.126.138:80";
        TimelineEntry At(int second, long sequence, Domain.Facts.Fact fact) =>
            new("ka01", sequence, $"{Vs}/{Rs}", Simulator.Epoch.AddSeconds(second), fact);
        var health = RealServerHealth.Of(
        [
            At(0, 10, new Domain.Lvs.RealServerStarted(Instant.Zero, Vs, Rs, true, 2)),
            At(13, 20, new Domain.Lvs.RealServerWentDown(Instant.Zero, Vs, Rs, "HTTP_GET", false)),
            At(20, 30, new Domain.Lvs.RealServerWeightChanged(Instant.Zero, Vs, Rs, 2, 5, "MISC_CHECK")),
            At(31, 40, new Domain.Lvs.RealServerWentUp(Instant.Zero, Vs, Rs, 2)),
        ]).Select(h => $"{(h.Alive ? "alive" : "dead")} {h.Weight} {Seconds(h.From)}-{Seconds(h.To)}");
        Assert.Equal(["alive 2 0-13", "dead 0 13-31", "alive 2 31-now"], health);
    }

    [Fact]
    public void why_names_ka01s_link_loss_as_the_root_of_the_first_move_and_infers_it_from_ka02s_journal_alone()
    {
        var vip = IPAddress.Parse("192.168.126.100");
        var moves = WhyChains.For(SeedJournals(), vip);
        Assert.Equal(2, moves.Count);
        var away = moves[0];
        Assert.Equal(("ka01", "ka02", "00:00:37.257"), (away.From, away.To, WhyChains.Clock(away.At)));
        // Root first: ka01's link went down, so it entered FAULT; ka02 stopped hearing 10.1.1.1 and took over.
        Assert.Equal(("ka01", nameof(InterfaceLinkChanged), "link down", "00:00:30.000"),
            (away.Chain[0].Node, away.Chain[0].Type, away.Chain[0].Sentence, WhyChains.Clock(away.Chain[0].At)));
        Assert.Contains(away.Chain, l => l.Node == "ka01" && l.Type == nameof(EnteredFault));
        Assert.Contains(away.Chain, l => l.Node == "ka02" && l.Sentence == "accepted advert from 10.1.1.1 prio 100");
        Assert.Equal(("ka02", nameof(BecameMaster)), (away.Chain[^1].Node, away.Chain[^1].Type));
        // Recorded within each node; the one step across nodes, ka01's advert that ka02 heard last, is matched by content.
        Assert.Equal([nameof(AdvertSent)], away.Chain.Where(l => l.Inferred).Select(l => l.Type));
        var back = moves[1];
        Assert.Equal(("ka02", "ka01", "00:01:19.867"), (back.From, back.To, WhyChains.Clock(back.At)));
        // The move back: ka01's preemption after its preempt_delay (10 s from 61.258 s), then ka02 stepping down.
        Assert.Equal(("ka01", nameof(PreemptDelayStarted), "00:01:01.258"), (back.Chain[0].Node, back.Chain[0].Type, WhyChains.Clock(back.Chain[0].At)));
        Assert.Contains(back.Chain, l => l.Node == "ka01" && l.Type == nameof(LowerPriorityAdvertIgnored) && l.Sentence.Contains("10.1.1.2 prio 90", StringComparison.Ordinal));
        Assert.Contains(back.Chain, l => l.Node == "ka01" && l.Type == nameof(BecameMaster));
        Assert.Equal(("ka02", nameof(BecameBackup)), (back.Chain[^1].Node, back.Chain[^1].Type));

        // Only ka02's journal: the first move is still explained, from the adverts that stopped, and says so.
        var inferred = Assert.Single(WhyChains.For([.. SeedJournals().Where(e => e.Node == "ka02")], vip));
        Assert.Equal(("10.1.1.1", "ka02"), (inferred.From, inferred.To));
        Assert.True(inferred.Chain[0].Inferred);
        Assert.Contains("stopped advertising after 00:00:27.609", inferred.Chain[0].Sentence, StringComparison.Ordinal);
    }
}
