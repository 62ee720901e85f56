using EsHa.Config.Tests.Support;
using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;
using EsHa.Node.Journal;
using EsHa.Node.Simulation;
using Xunit;

namespace EsHa.Node.Tests.Runtime;

/// <summary>What the runtime journals: every input from outside and every decision, with causation and correlation
/// ids that let "why" walk back from an effect to its root, and steady traffic coalesced so a quiet day stays small.</summary>
public sealed class JournalRecordingTests
{
    private static string Seed(string file) => Path.Combine(Corpus.RepoRoot, "ops", "examples", "seed", file);

    private static Simulator Simulate(string scenarioPath, Func<Scenario, Scenario>? change = null)
    {
        var scenario = Scenario.Load(scenarioPath);
        var simulator = new Simulator(change?.Invoke(scenario) ?? scenario, Path.GetDirectoryName(scenarioPath)!, 1);
        Assert.Null(simulator.Run());
        return simulator;
    }

    private static JournalRecord At(IReadOnlyList<JournalRecord> journal, long? sequence) =>
        Assert.Single(journal, r => r.Sequence == sequence);

    [Fact]
    public void a_quiet_hour_is_a_few_records_a_minute_yet_counts_every_advert_and_folds_to_the_live_state()
    {
        var simulator = Simulate(Seed("scenario.json"), s => s with { Faults = [], Until = 3600 });
        var (ka01, ka02) = (simulator.Journal("ka01"), simulator.Journal("ka02"));

        // advert_int 3: ~1,200 adverts each way in an hour; a checkpoint a minute keeps the journal near 60 runs.
        Assert.InRange(ka01.Count, 10, 200);
        Assert.InRange(ka02.Count, 10, 200);

        // Nothing is lost by coalescing: what ka01 sent as master, ka02 received (no loss in this scenario).
        var sent = ka01.Where(r => r.Fact is AdvertSent).Sum(r => r.Repeats);
        var received = ka02.Where(r => r.Fact is AdvertReceived).Sum(r => r.Repeats);
        Assert.InRange(sent, 1150, 1250);
        Assert.Equal(sent, received);

        // Sequences are gapless and time never goes back within a node's journal.
        foreach (var journal in new[] { ka01, ka02 })
        {
            Assert.Equal(Enumerable.Range(1, journal.Count).Select(i => (long)i), journal.Select(r => r.Sequence));
            Assert.All(journal.Zip(journal.Skip(1)), pair => Assert.True(pair.First.Fact.At <= pair.Second.Fact.At));
        }
    }

    [Fact]
    public void ka02s_takeover_walks_back_to_the_last_advert_it_heard_from_ka01()
    {
        var journal = Simulate(Seed("scenario.json")).Journal("ka02");
        var master = journal.First(r => r.Fact is BecameMaster { Reason: MasterReason.MasterDownTimerExpired });
        var timer = At(journal, master.CausationId);
        Assert.IsType<MasterDownTimerFired>(timer.Fact);

        // The timer was armed by the last accepted advert: ka01's, before its link went down at 30 s.
        var accepted = At(journal, timer.CausationId);
        var advert = Assert.IsType<MasterAdvertAccepted>(accepted.Fact);
        Assert.Equal("10.1.1.1", advert.Source.ToString());
        Assert.Equal(100, advert.Priority);
        Assert.InRange(accepted.Fact.At.Microseconds, 27_000_000, 30_000_000);
        Assert.True(accepted.Repeats > 1, "the record closing the run of identical adverts says how many it stands for");

        // Its input is the advert received, and that outside input is the root of the whole chain.
        var received = At(journal, accepted.CausationId);
        Assert.IsType<AdvertReceived>(received.Fact);
        Assert.Null(received.CausationId);
        Assert.Equal(received.Sequence, master.CorrelationId);
        Assert.Equal(received.Sequence, timer.CorrelationId);

        // The run began with an advert journaled in full, earlier.
        Assert.Contains(journal, r => r.Fact is AdvertReceived a && a.Source.Equals(advert.Source) && r.Repeats == 1 && r.Sequence < received.Sequence);
    }

    [Fact]
    public void a_yaml_scenario_drains_and_resumes_ka01_and_a_wall_clock_jump_moves_only_wall_times()
    {
        var simulator = Simulate(Seed("operations.yaml"));
        Assert.Contains(simulator.Trace, l => l.Contains("ka01", StringComparison.Ordinal) && l.Contains("entered FAULT from Master: operator drained", StringComparison.Ordinal));
        Assert.Contains(simulator.Trace, l => l.Contains("ka02", StringComparison.Ordinal) && l.Contains("became MASTER", StringComparison.Ordinal));
        Assert.EndsWith("became BACKUP from Master: higher priority master (10.1.1.1 prio 100)", simulator.Trace.Last(l => l.Contains("ka02", StringComparison.Ordinal)), StringComparison.Ordinal);

        // The jump shows in wall times only: before 50 s wall = epoch + at; after, an hour more.
        foreach (var record in simulator.Journal("ka02"))
        {
            var offset = record.Wall - Simulator.Epoch - (record.Fact.At - Instant.Zero);
            Assert.Equal(record.Fact.At.Microseconds >= 50_000_000 ? TimeSpan.FromHours(1) : TimeSpan.Zero, offset);
        }

        var drained = Assert.Single(simulator.Journal("ka01"), r => r.Fact is OperatorCommanded { Action: OperatorAction.Drain });
        Assert.Equal(20_000_000, drained.Fact.At.Microseconds);
    }

    [Fact]
    public void a_tracker_flip_lowers_the_master_and_the_backup_preempts_it_and_the_journals_say_so()
    {
        var dir = Directory.CreateTempSubdirectory("esha-sim-");
        try
        {
            foreach (var (node, priority) in new[] { ("a", 100), ("b", 90) })
            {
                File.WriteAllText(Path.Combine(dir.FullName, $"{node}.conf"), $$"""
                    vrrp_script chk_http {
                        script "/usr/local/bin/check_http"
                        weight -20
                    }
                    vrrp_instance VI_1 {
                        interface eth1
                        virtual_router_id 51
                        priority {{priority}}
                        advert_int 1
                        track_script {
                            chk_http
                        }
                        virtual_ipaddress {
                            192.168.126.100
                        }
                    }
                    """);
            }

            File.WriteAllText(Path.Combine(dir.FullName, "scenario.json"), """
                { "nodes": [ { "name": "a", "config": "a.conf", "address": "10.1.1.1" },
                             { "name": "b", "config": "b.conf", "address": "10.1.1.2" } ],
                  "faults": [ { "at": 10, "node": "a", "kind": "tracker", "tracker": "script:chk_http", "value": 0 },
                              { "at": 20, "node": "a", "kind": "crash" },
                              { "at": 25, "node": "a", "kind": "restart" } ],
                  "until": 40 }
                """);
            var simulator = Simulate(Path.Combine(dir.FullName, "scenario.json"));
            var a = simulator.Journal("a");
            var lowered = Assert.Single(a, r => r.Fact is PriorityChanged { From: 100, To: 80 } && r.Fact.At.Microseconds < 20_000_000);
            Assert.IsType<TrackerChanged>(At(a, lowered.CausationId).Fact);
            Assert.Contains(simulator.Journal("b"), r => r.Fact is BecameMaster && r.Fact.At.Microseconds is > 10_000_000 and < 20_000_000);

            // After the crash the restarted node hears its failing script again: it comes back at 80 and stays backup.
            Assert.Single(a, r => r.Fact is NodeStarted);
            Assert.Single(a, r => r.Fact is NodeRestarted { CleanStop: false });
            Assert.Contains(a, r => r.Fact is PriorityChanged { To: 80 } && r.Fact.At.Microseconds == 25_000_000);
            Assert.DoesNotContain(a, r => r.Fact is BecameMaster && r.Fact.At.Microseconds > 10_000_000);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void bad_tracker_names_in_a_scenario_are_refused_with_the_reason()
    {
        var scenario = Scenario.Load(Seed("scenario.json")) with { Faults = [new ScenarioFault(5, "ka01", "tracker") { Tracker = "chk_http" }] };
        var error = Assert.Throws<InvalidDataException>(() => new Simulator(scenario, Path.GetDirectoryName(Seed("scenario.json"))!, 1));
        Assert.Contains("script:NAME", error.Message, StringComparison.Ordinal);
    }
}
