using System.Globalization;
using System.Text;
using EsHa.Node.Simulation;
using Xunit;

namespace EsHa.Node.Tests.Simulation;

/// <summary>Random clusters of 3-5 nodes with two VRIDs, random priorities, preemption settings and tracker weights,
/// and random faults (link flaps, crashes, partitions, tracker flips, operator drains, wall-clock jumps) with
/// duplicated, jittered and (for some seeds) lost packets, with and without a sync group: the invariants hold for
/// every seed.</summary>
public sealed class ClusterPropertyTests
{
    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    [InlineData(13UL)]
    [InlineData(14UL)]
    [InlineData(15UL)]
    [InlineData(16UL)]
    [InlineData(17UL)]
    [InlineData(18UL)]
    [InlineData(21UL, 0.05)]
    [InlineData(22UL, 0.05)]
    [InlineData(23UL, 0.1)]
    [InlineData(24UL, 0.1)]
    [InlineData(31UL, 0, true)]
    [InlineData(32UL, 0, true)]
    [InlineData(33UL, 0.05, true)]
    [InlineData(34UL, 0.05, true)]
    public void random_clusters_under_random_faults_keep_the_invariants(ulong seed, double loss = 0, bool syncGroup = false)
    {
        var random = new Random((int)seed);
        var dir = Directory.CreateTempSubdirectory("esha-cluster-");
        try
        {
            var nodes = new List<ScenarioNode>();
            var count = random.Next(3, 6);
            for (var i = 1; i <= count; i++)
            {
                File.WriteAllText(Path.Combine(dir.FullName, $"n{i}.conf"), Config(random, syncGroup));
                nodes.Add(new ScenarioNode($"n{i}", $"n{i}.conf", $"192.0.2.{i}"));
            }

            var scenario = new Scenario
            {
                Nodes = nodes,
                Faults = Faults(random, nodes),
                Until = 240,
                Duplicate = 0.1,
                Loss = loss,
                JitterMilliseconds = 5,
            };
            var simulator = new Simulator(scenario, dir.FullName, seed);
            var violation = simulator.Run();
            Assert.True(violation is null, $"seed {seed}: {violation}\n{string.Join('\n', simulator.Trace)}");
            Assert.Contains(simulator.Trace, line => line.Contains("became MASTER", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Two instances; in a sync group on every node when asked (then the tracker's weight is ignored and a
    /// failing script is a FAULT for the whole group, as in keepalived).</summary>
    private static string Config(Random random, bool syncGroup)
    {
        var text = new StringBuilder("vrrp_script chk {\n    script \"/usr/local/bin/chk\"\n}\n");
        if (syncGroup)
        {
            text.Append("vrrp_sync_group VG_1 {\n    group {\n        VI_10\n        VI_20\n    }\n}\n");
        }
        foreach (var vrid in new[] { 10, 20 })
        {
            text.Append(CultureInfo.InvariantCulture, $$"""
                vrrp_instance VI_{{vrid}} {
                    interface eth0
                    virtual_router_id {{vrid}}
                    priority {{random.Next(50, 250)}}
                    advert_int 1
                    {{(random.Next(4) == 0 ? "nopreempt" : random.Next(3) == 0 ? "preempt_delay 5" : "")}}
                    track_script {
                        chk weight {{random.Next(-3, 4) * 10}}
                    }
                    virtual_ipaddress {
                        198.51.100.{{vrid}}
                    }
                }

                """);
        }

        return text.ToString();
    }

    private static List<ScenarioFault> Faults(Random random, List<ScenarioNode> nodes)
    {
        var faults = new List<ScenarioFault>();
        (string Start, string End)[] kinds =
            [("link-down", "link-up"), ("crash", "restart"), ("isolate", "rejoin"), ("tracker", "tracker"), ("drain", "resume")];
        foreach (var node in nodes)
        {
            var at = 3.0;
            while ((at += 10 + (random.NextDouble() * 60)) < 200)
            {
                var (start, end) = kinds[random.Next(kinds.Length)];
                faults.Add(new ScenarioFault(at, node.Name, start) { Tracker = "script:chk", Value = 0 });
                faults.Add(new ScenarioFault(at += 1 + (random.NextDouble() * 15), node.Name, end) { Tracker = "script:chk", Value = 1 });
            }

            if (random.Next(3) == 0)
            {
                faults.Add(new ScenarioFault(random.NextDouble() * 200, node.Name, "clock-jump") { Seconds = (random.NextDouble() - 0.5) * 7200 });
            }
        }

        return faults;
    }
}
