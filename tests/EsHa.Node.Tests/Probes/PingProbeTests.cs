using Xunit;
using static EsHa.Node.Tests.Probes.ProbeBench;

namespace EsHa.Node.Tests.Probes;

/// <summary>PING_CHECK: one ICMP echo within connect_timeout, sent from inside the test's namespace.</summary>
public sealed class PingProbeTests
{
    private static string Config(string address) => $$"""
        virtual_server 10.231.0.100 80 {
            delay_loop 5
            lb_algo rr
            lb_kind NAT
            protocol TCP
            real_server {{address}} 80 {
                PING_CHECK {
                    connect_timeout 2
                }
            }
        }
        """;

    [Fact]
    public void an_address_of_the_namespace_answers()
    {
        using var bench = new ProbeBench("ping");

        var (outcome, _) = bench.Probe(Config(Server));

        Assert.True(outcome.Succeeded, outcome.Reason);
    }

    [Fact]
    public void an_address_without_a_neighbour_fails()
    {
        using var bench = new ProbeBench("ping");

        var (outcome, took) = bench.Probe(Config(Nobody));

        Assert.False(outcome.Succeeded);
        Assert.Equal($"no echo reply from {Nobody} within 2 s", outcome.Reason);
        Assert.InRange(took, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void an_address_without_a_route_fails()
    {
        using var bench = new ProbeBench("ping");

        var (outcome, _) = bench.Probe(Config("10.232.0.1"));

        Assert.False(outcome.Succeeded);
        Assert.Equal("ping 10.232.0.1: network unreachable", outcome.Reason);
    }
}
