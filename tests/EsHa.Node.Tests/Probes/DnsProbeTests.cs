using Xunit;
using static EsHa.Node.Tests.Probes.ProbeBench;

namespace EsHa.Node.Tests.Probes;

/// <summary>DNS_CHECK against a real dnsmasq in the test's namespace.</summary>
public sealed class DnsProbeTests
{
    private static string Config(string type, string name, string extra = "") => $$"""
        virtual_server 10.231.0.100 53 {
            delay_loop 5
            lb_algo rr
            lb_kind NAT
            protocol UDP
            real_server {{Server}} 53 {
                DNS_CHECK {
                    connect_timeout 3
                    type {{type}}
                    name {{name}}
                    {{extra}}
                }
            }
        }
        """;

    [Fact]
    public void an_a_record_dnsmasq_holds_is_success()
    {
        using var dns = new DnsServer();

        var (outcome, _) = dns.Bench.Probe(Config("A", "example.test"));

        Assert.True(outcome.Succeeded, outcome.Reason);
    }

    [Fact]
    public void a_name_dnsmasq_refuses_fails_with_the_rcode()
    {
        using var dns = new DnsServer();

        var (outcome, _) = dns.Bench.Probe(Config("A", "other.test"));

        Assert.False(outcome.Succeeded);
        Assert.Equal($"DNS rcode 5 (REFUSED) for other.test from {Server}:53", outcome.Reason);
    }

    [Fact]
    public void a_name_that_does_not_exist_fails_with_nxdomain()
    {
        using var dns = new DnsServer();

        var (outcome, _) = dns.Bench.Probe(Config("A", "gone.test"));

        Assert.Equal($"DNS rcode 3 (NXDOMAIN) for gone.test from {Server}:53", outcome.Reason);
    }

    [Fact]
    public void a_type_dnsmasq_has_no_data_for_and_cannot_forward_is_refused()
    {
        using var dns = new DnsServer();

        var (outcome, _) = dns.Bench.Probe(Config("MX", "example.test"));

        Assert.False(outcome.Succeeded);
        Assert.Equal($"DNS rcode 5 (REFUSED) for example.test from {Server}:53", outcome.Reason);
    }

    [Fact]
    public void an_aaaa_query_for_a_host_record_with_only_ipv4_is_an_answer_without_records()
    {
        using var dns = new DnsServer();

        Assert.True(dns.Bench.Probe(Config("A", "v4only.test")).Outcome.Succeeded);
        var (outcome, _) = dns.Bench.Probe(Config("AAAA", "v4only.test"));

        Assert.False(outcome.Succeeded);
        Assert.Equal($"DNS answer for v4only.test from {Server}:53 has no records", outcome.Reason);
    }

    [Fact]
    public void no_server_on_the_port_fails_as_refused()
    {
        using var dns = new DnsServer();

        var (outcome, _) = dns.Bench.Probe(Config("A", "example.test", "connect_port 5353"));

        Assert.False(outcome.Succeeded);
        Assert.Equal($"connection refused from {Server}:5353", outcome.Reason);
    }
}
