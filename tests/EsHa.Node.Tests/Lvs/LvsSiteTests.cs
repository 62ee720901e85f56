using System.Globalization;
using EsHa.Domain.Lvs;
using EsHa.Node.Journal.Embedded;
using EsHa.Node.Tests.Support;
using Xunit;

namespace EsHa.Node.Tests.Lvs;

/// <summary>
/// Acceptance of the load balancer on the nftables data plane with real traffic: the user's site (seed
/// configuration, addresses mapped into the lab), a client making real HTTP requests to the VIP, nginx on the real
/// servers. Each test starts `esha run` as the LB; the VRRP instance of the seed makes it MASTER (no peer answers).
/// </summary>
public sealed class LvsSiteTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(40);

    private static string Global => """
        global_defs {
           router_id lb
        }

        """;

    [Theory]
    [InlineData("DR", "wrr", 2.0)]
    [InlineData("NAT", "wrr", 2.0)]
    [InlineData("DR", "rr", 1.0)]
    [InlineData("NAT", "rr", 1.0)]
    public void three_hundred_requests_land_in_the_configured_ratio(string method, string scheduler, double ratio)
    {
        using var site = new LvsSite(directRouting: method == "DR");
        var config = site.Write("keepalived.conf", Global + LvsSite.Mapped(LvsSite.Seed("ka01/conf.d/www.ming.org.conf.http"))
            .Replace("lb_kind DR", $"lb_kind {method}", StringComparison.Ordinal)
            .Replace("lb_algo wrr", $"lb_algo {scheduler}", StringComparison.Ordinal));
        var esha = site.StartLb(config);
        try
        {
            Assert.True(Lab.WaitUntil(() => site.Get()?.Contains("rs", StringComparison.Ordinal) == true, Settle),
                $"the VIP never served\n{site.Lab.OutputOf(esha)}\n{site.Nft("list", "ruleset")}");
            var counts = site.Spread(300);
            output.WriteLine(string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}")));
            var rs1 = counts.GetValueOrDefault("rs1");
            var rs2 = counts.GetValueOrDefault("rs2");
            Assert.Equal(300, rs1 + rs2);
            Assert.InRange((double)rs1 / rs2, ratio * 0.95, ratio * 1.05);
        }
        finally
        {
            output.WriteLine(site.Lab.OutputOf(esha));
        }
    }
}
