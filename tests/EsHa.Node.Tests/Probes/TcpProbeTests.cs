using Xunit;
using static EsHa.Node.Tests.Probes.ProbeBench;

namespace EsHa.Node.Tests.Probes;

/// <summary>TCP_CHECK (docs/keepalived-checkers.md §4): a completed connect within connect_timeout is success.</summary>
public sealed class TcpProbeTests
{
    private static string Config(int port, int timeout = 2) => $$"""
        virtual_server 10.231.0.100 {{port}} {
            delay_loop 5
            lb_algo rr
            lb_kind NAT
            protocol TCP
            real_server {{Server}} {{port}} {
                TCP_CHECK {
                    connect_timeout {{timeout}}
                }
            }
        }
        """;

    [Fact]
    public void a_listener_on_the_namespace_s_own_address_is_success()
    {
        using var bench = new ProbeBench("tcp");
        using var listener = bench.Listen(7001);

        var (outcome, _) = bench.Probe(Config(7001));

        Assert.True(outcome.Succeeded, outcome.Reason);
    }

    [Fact]
    public void a_closed_port_is_connection_refused()
    {
        using var bench = new ProbeBench("tcp");

        var (outcome, took) = bench.Probe(Config(7002, timeout: 20));

        Assert.False(outcome.Succeeded);
        Assert.Equal($"connection refused connecting to {Server}:7002", outcome.Reason);
        Assert.True(took < TimeSpan.FromSeconds(10), $"a refused connect waited for the timeout ({took})");
    }

    [Fact]
    public void a_dropped_syn_is_a_connect_timeout_after_connect_timeout()
    {
        using var bench = new ProbeBench("tcp");
        using var listener = bench.Listen(7003);
        bench.Drop(7003);

        var (outcome, took) = bench.Probe(Config(7003, timeout: 2));

        Assert.False(outcome.Succeeded);
        Assert.Equal($"connect timeout after 2 s to {Server}:7003", outcome.Reason);
        Assert.InRange(took, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void the_probe_s_socket_is_made_in_the_namespace_of_the_thread_that_starts_it()
    {
        using var bench = new ProbeBench("tcp");
        using var listener = bench.Listen(7006);
        // Bound to an address only the namespace holds: outside it, bind() fails before any packet leaves.
        var config = Config(7006).Replace("TCP_CHECK {", $"TCP_CHECK {{\nbindto {Server}", StringComparison.Ordinal);

        var (inside, _) = bench.Probe(config);
        var (outside, _) = ProbeRun.Run(config);

        Assert.True(inside.Succeeded, inside.Reason);
        Assert.Equal($"bind address not available connecting to {Server}:7006", outside.Reason);
    }
}
