using System.Diagnostics;
using System.Net;
using EsHa.Domain.Config;
using EsHa.Domain.Vrrp;
using EsHa.Node.Simulation;

namespace EsHa.Bench;

/// <summary>The VRRP core's speed: Decide + Evolve on one core, and simulated seconds per wall second.</summary>
public static class VrrpBenchmarks
{
    private const string Instance = """
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 51
            priority 100
            advert_int 1
            virtual_ipaddress {
                192.0.2.100
            }
        }
        """;

    public static void Run(int inputs, double simulatedSeconds)
    {
        DecideEvolve(inputs / 10);
        var rate = DecideEvolve(inputs);
        Console.WriteLine($"Decide + Evolve (backup taking adverts): {rate / 1e6:F2} M inputs/s on one core   (goal >= 1 M/s)");

        var speed = Simulate(simulatedSeconds);
        Console.WriteLine($"simulation, 2 nodes, 1 VRID, 1 s adverts: {speed:F0} simulated seconds per wall second   (goal >= 10,000)");
    }

    private static double DecideEvolve(int inputs)
    {
        var config = ConfigLoader.LoadText(Instance).Config!;
        var state = VrrpDecider.Initial(InstanceSettings.From(config.Instances[0], config, IPAddress.Parse("192.0.2.1")));
        state = VrrpDecider.Apply(state, VrrpDecider.Decide(state, new StartRequested(Instant.Zero, true)));
        var advert = new VrrpAdvert(2, 51, 150, TimeSpan.FromSeconds(1), [IPAddress.Parse("192.0.2.100")]);
        var source = IPAddress.Parse("192.0.2.2");
        var group = IPAddress.Parse("224.0.0.18");
        var watch = Stopwatch.StartNew();
        for (var i = 1; i <= inputs; i++)
        {
            var input = new AdvertReceived(new Instant(i * 1000L), source, group, 255, advert);
            foreach (var e in VrrpDecider.Decide(state, input))
            {
                state = VrrpDecider.Evolve(state, e);
            }
        }

        return inputs / watch.Elapsed.TotalSeconds;
    }

    private static double Simulate(double seconds)
    {
        var dir = Directory.CreateTempSubdirectory("esha-bench-sim-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.conf"), Instance.Replace("priority 100", "priority 150", StringComparison.Ordinal));
            File.WriteAllText(Path.Combine(dir.FullName, "b.conf"), Instance);
            var scenario = new Scenario
            {
                Nodes = [new ScenarioNode("a", "a.conf", "192.0.2.1"), new ScenarioNode("b", "b.conf", "192.0.2.2")],
                Until = seconds,
            };
            var simulator = new Simulator(scenario, dir.FullName, 1);
            var watch = Stopwatch.StartNew();
            if (simulator.Run() is { } violation)
            {
                throw new InvalidOperationException(violation);
            }

            return seconds / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
