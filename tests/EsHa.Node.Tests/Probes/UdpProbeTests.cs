using System.Net;
using System.Net.Sockets;
using EsHa.Node.Tests.Support;
using Xunit;
using static EsHa.Node.Tests.Probes.ProbeBench;

namespace EsHa.Node.Tests.Probes;

/// <summary>UDP_CHECK: a closed port answers with ICMP port unreachable; require_reply wants an answer (against
/// dnsmasq, with a DNS query as the payload), equal to the given bytes when some are given.</summary>
public sealed class UdpProbeTests
{
    private static string Config(int port, string extra) => $$"""
        virtual_server 10.231.0.100 {{port}} {
            delay_loop 5
            lb_algo rr
            lb_kind NAT
            protocol UDP
            real_server {{Server}} {{port}} {
                UDP_CHECK {
                    connect_timeout 2
                    {{extra}}
                }
            }
        }
        """;

    [Fact]
    public void a_closed_port_fails_on_the_icmp_port_unreachable()
    {
        using var bench = new ProbeBench("udp");

        var (outcome, _) = bench.Probe(Config(7004, "payload 00"));

        Assert.False(outcome.Succeeded);
        Assert.Equal($"connection refused from {Server}:7004", outcome.Reason);
    }

    [Fact]
    public void require_reply_with_a_dns_query_to_dnsmasq_is_success_when_the_reply_starts_with_its_id()
    {
        using var dns = new DnsServer();

        Assert.True(dns.Bench.Probe(Config(53, $"payload {DnsServer.ExampleQuery}\nrequire_reply")).Outcome.Succeeded);
        var (outcome, _) = dns.Bench.Probe(Config(53, $"payload {DnsServer.ExampleQuery}\nrequire_reply 1234"));
        Assert.True(outcome.Succeeded, outcome.Reason);
    }

    [Fact]
    public void require_reply_with_other_bytes_fails_naming_what_came_back()
    {
        using var dns = new DnsServer();

        var (outcome, _) = dns.Bench.Probe(Config(53, $"payload {DnsServer.ExampleQuery}\nrequire_reply abcd"));

        Assert.False(outcome.Succeeded);
        Assert.StartsWith($"UDP reply from {Server}:53 is 1234", outcome.Reason);
        Assert.EndsWith(", expected ABCD", outcome.Reason);
    }

    [Fact]
    public void require_reply_fails_when_a_bound_port_never_answers()
    {
        using var bench = new ProbeBench("udp");
        using var silent = Lab.InNamespace(bench.Ns.Name, () => new UdpClient(new IPEndPoint(IPAddress.Parse(Server), 7005)));

        var (outcome, took) = bench.Probe(Config(7005, "payload 00\nrequire_reply"));

        Assert.False(outcome.Succeeded);
        Assert.Equal($"no UDP reply from {Server}:7005 within 2 s", outcome.Reason);
        Assert.InRange(took, TimeSpan.FromSeconds(1.8), TimeSpan.FromSeconds(15));
    }
}
