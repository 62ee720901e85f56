using EsHa.Config.Tests.Support;
using EsHa.Node.Simulation;
using EsHa.Node.Journal;
using EsHa.Node.Runtime;
using Xunit;

namespace EsHa.Node.Tests.Simulation;

/// <summary>The simulator on the user's cluster, its determinism, and its checkers catching a broken cluster.</summary>
public sealed class SimulatorTests
{
    private static string SeedScenario => Path.Combine(Corpus.RepoRoot, "ops", "examples", "seed", "scenario.json");

    private static Simulator Run(string path, ulong seed, Func<Scenario, Scenario>? change = null)
    {
        var scenario = Scenario.Load(path);
        var simulator = new Simulator(change?.Invoke(scenario) ?? scenario, Path.GetDirectoryName(path)!, seed);
        return simulator;
    }

    [Fact]
    public void the_seed_cluster_fails_over_to_ka02_and_ka01_preempts_after_its_preempt_delay()
    {
        var simulator = Run(SeedScenario, 1);
        Assert.Null(simulator.Run());
        var golden = Path.Combine(Corpus.RepoRoot, "tests", "EsHa.Node.Tests", "testdata", "simulate", "seed-scenario.trace");
        var trace = string.Join('\n', simulator.Trace) + "\n";
        if (Environment.GetEnvironmentVariable("ESHA_REWRITE") == "1")
        {
            File.WriteAllText(golden, trace);
        }

        Assert.Equal(File.ReadAllText(golden), trace);
    }

    [Fact]
    public void one_seed_reproduces_the_same_journals_byte_for_byte()
    {
        static string Journals(Simulator s) => string.Join('\n', s.NodeNames.SelectMany(n => s.Journal(n).Select(JournalLine.Of)));
        Scenario Lossy(Scenario s) => s with { Loss = 0.2, JitterMilliseconds = 30 };

        var first = Run(SeedScenario, 42, Lossy);
        var second = Run(SeedScenario, 42, Lossy);
        var other = Run(SeedScenario, 43, Lossy);
        first.Run();
        second.Run();
        other.Run();
        Assert.Equal(Journals(first), Journals(second));
        Assert.NotEqual(Journals(first), Journals(other));
    }

    [Fact]
    public void a_cluster_whose_nodes_reject_each_other_breaks_the_single_master_invariant()
    {
        // Two nodes with different passwords each reject the other's adverts: both become master, for good.
        var dir = Directory.CreateTempSubdirectory("esha-sim-");
        try
        {
            foreach (var (node, password) in new[] { ("a", "one"), ("b", "two") })
            {
                File.WriteAllText(Path.Combine(dir.FullName, $"{node}.conf"), $$"""
                    vrrp_instance VI_1 {
                        interface eth0
                        virtual_router_id 9
                        authentication {
                            auth_type PASS
                            auth_pass {{password}}
                        }
                        virtual_ipaddress {
                            192.0.2.9
                        }
                    }
                    """);
            }

            File.WriteAllText(Path.Combine(dir.FullName, "scenario.json"), """
                { "nodes": [ { "name": "a", "config": "a.conf", "address": "192.0.2.1" },
                             { "name": "b", "config": "b.conf", "address": "192.0.2.2" } ], "until": 30 }
                """);
            var violation = Run(Path.Combine(dir.FullName, "scenario.json"), 1).Run();
            Assert.NotNull(violation);
            Assert.Contains("VRID 9 has had 2 masters", violation, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(4UL)]
    [InlineData(5UL)]
    public void random_link_flaps_and_crashes_keep_the_invariants(ulong seed)
    {
        var random = new Random((int)seed);
        var faults = new List<ScenarioFault>();
        foreach (var node in new[] { "ka01", "ka02" })
        {
            var at = 5.0;
            while ((at += 5 + (random.NextDouble() * 40)) < 280)
            {
                var kind = random.Next(2) == 0 ? ("link-down", "link-up") : ("crash", "restart");
                faults.Add(new ScenarioFault(at, node, kind.Item1));
                faults.Add(new ScenarioFault(at += 1 + (random.NextDouble() * 20), node, kind.Item2));
            }
        }

        var simulator = Run(SeedScenario, seed, s => s with { Faults = faults, Until = 320, JitterMilliseconds = 5 });
        var violation = simulator.Run();
        Assert.True(violation is null, $"{violation}\n{string.Join('\n', simulator.Trace)}");
    }
}
