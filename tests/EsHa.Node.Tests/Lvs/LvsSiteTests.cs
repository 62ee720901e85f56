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

    /// <summary>The node reads the kernel for drift every 30 s (LvsReconciler.DriftCheckEvery), plus a margin.</summary>
    private static readonly TimeSpan LvsReconcilerDriftWait = TimeSpan.FromSeconds(40);

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
            StopAndLog(site, esha);
        }
    }

    /// <summary>The seed's site with HTTP_GET: the VRRP instance and the virtual server, as written.</summary>
    private static string HttpSite => LvsSite.Mapped(LvsSite.Seed("ka01/conf.d/www.ming.org.conf.http"));

    private static string InstanceOnly => HttpSite[..HttpSite.IndexOf("virtual_server", StringComparison.Ordinal)];

    /// <summary>The seed's TCP_CHECK virtual server on a second VIP (its nb_get_retry, unknown in TCP_CHECK, fixed
    /// to retry as keepalived's log tells the user to).</summary>
    private static string TcpService
    {
        get
        {
            var tcp = LvsSite.Mapped(LvsSite.Seed("ka01/conf.d/www.ming.org.conf.tcp"));
            return tcp[tcp.IndexOf("virtual_server", StringComparison.Ordinal)..]
                .Replace(LvsSite.Vip, "10.9.0.101", StringComparison.Ordinal).Replace("nb_get_retry", "retry", StringComparison.Ordinal);
        }
    }

    [Fact]
    public void a_stopped_http_server_leaves_within_the_checker_bound_and_returns_when_started_with_every_attempt_journaled()
    {
        using var site = new LvsSite(directRouting: true);
        var esha = site.StartLb(site.Write("keepalived.conf", Global + HttpSite));
        try
        {
            Assert.True(Lab.WaitUntil(() => site.Get()?.Contains("rs", StringComparison.Ordinal) == true, Settle), site.Lab.OutputOf(esha));
            var before = site.Spread(30);
            Assert.Equal((20, 10), (before.GetValueOrDefault("rs1"), before.GetValueOrDefault("rs2")));

            // connect_timeout 1 + retry 3 x delay_before_retry 1 + delay_loop 6 (the seed's HTTP_GET).
            var bound = TimeSpan.FromSeconds(1 + (3 * 1) + 6);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            site.StopHttp(site.Rs1);
            Assert.True(Lab.WaitUntil(() => site.Lab.OutputOf(esha).Contains("10.9.0.2:80 removed from 10.9.0.100:80", StringComparison.Ordinal), bound + bound),
                site.Lab.OutputOf(esha));
            var took = clock.Elapsed;
            output.WriteLine($"marked down after {took.TotalSeconds:0.0} s (bound {bound.TotalSeconds} s)");
            // The log is polled every 100 ms; the rest of the margin is the kill and the loop's own turn.
            Assert.True(took <= bound + TimeSpan.FromSeconds(0.5), $"took {took.TotalSeconds:0.0} s, bound {bound.TotalSeconds} s");
            // Traffic follows the kernel, which the node changes just after it logs its decision.
            Assert.True(Lab.WaitUntil(() => site.Lab.OutputOf(esha).Contains("nftables: removed 10.9.0.2:80 from", StringComparison.Ordinal), Settle));
            var during = site.Spread(30);
            Assert.Equal(30, during.GetValueOrDefault("rs2"));

            var restarted = site.Lab.OutputOf(esha).Length;
            site.StartHttp(site.Rs1);
            Assert.True(Lab.WaitUntil(() => site.Lab.OutputOf(esha)[restarted..].Contains("nftables: added 10.9.0.2:80 DR weight 2", StringComparison.Ordinal), Settle),
                site.Lab.OutputOf(esha));
            // 2:1 again, within the acceptance's 5 % (a client port reused while its old flow is still pinned may
            // land where that flow went, as with IPVS's connection reuse).
            var after = site.Spread(150);
            Assert.Equal(150, after.GetValueOrDefault("rs1") + after.GetValueOrDefault("rs2"));
            Assert.InRange((double)after.GetValueOrDefault("rs1") / after.GetValueOrDefault("rs2"), 1.9, 2.1);
        }
        finally
        {
            StopAndLog(site, esha);
        }

        using var journal = new JournalReader(site.Journal);
        var facts = journal.Stream("10.9.0.100:80/10.9.0.2:80").Select(r => r.Fact).ToList();
        var attempts = facts.OfType<CheckAttemptFailed>().ToList();
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt).Take(3));
        Assert.All(attempts, a => Assert.Equal(4, a.Of));
        var down = Assert.Single(facts.OfType<CheckerWentDown>());
        Assert.Equal(4, down.Attempts.Count);
        Assert.All(down.Attempts, a => Assert.Contains("10.9.0.2:80", a, StringComparison.Ordinal));
        Assert.Single(facts.OfType<RealServerWentDown>());
        Assert.Single(facts.OfType<RealServerWentUp>());
        var kernel = journal.Stream("lvs").Select(r => r.Fact).ToList();
        Assert.Contains(kernel, f => f is LvsDestinationRemoved { Destination: "10.9.0.2:80" });
        Assert.Contains(kernel, f => f is LvsDestinationAdded { Destination: "10.9.0.2:80", Weight: 2 });

        // esha why --rs over this journal: the way down from the failed probes to the kernel, and the way back.
        var (code, why) = EsHa.Config.Tests.Support.Tools.Run("dotnet", Path.Combine(AppContext.BaseDirectory, "esha.dll"), "why", "--journal", site.Journal, "--rs", "10.9.0.2:80", "--all", "--json");
        Assert.True(code == 0, why);
        using var changes = System.Text.Json.JsonDocument.Parse(why);
        var (wentDown, cameBack) = (changes.RootElement[0], changes.RootElement[1]);
        Assert.Equal(("alive, weight 2", "down (removed)", "alive, weight 2"),
            (wentDown.GetProperty("from").GetString(), wentDown.GetProperty("to").GetString(), cameBack.GetProperty("to").GetString()));
        var steps = wentDown.GetProperty("chain").EnumerateArray().Select(l => l.GetProperty("type").GetString()).ToList();
        Assert.Equal(["CheckAttemptFailed", "CheckAttemptFailed", "CheckAttemptFailed", "ProbeCompleted", "CheckerWentDown", "RealServerWentDown", "LvsDestinationRemoved"],
            steps);
        Assert.Contains("probe failed:", wentDown.GetProperty("chain")[3].GetProperty("sentence").GetString(), StringComparison.Ordinal);
        Assert.Equal("LvsDestinationAdded", cameBack.GetProperty("chain").EnumerateArray().Last().GetProperty("type").GetString());
    }

    [Fact]
    public void http_get_sees_what_tcp_check_cannot_and_the_sorry_server_serves_when_nobody_is_left()
    {
        using var site = new LvsSite(directRouting: true);
        using var sorry = site.Lab.Serve(site.Lb, 80, "HTTP/1.0 200 OK\r\n\r\nsorry");
        var esha = site.StartLb(site.Write("keepalived.conf", Global + HttpSite + TcpService));
        string Log() => site.Lab.OutputOf(esha);
        bool Logged(string text) => Log().Contains(text, StringComparison.Ordinal);
        try
        {
            Assert.True(Lab.WaitUntil(() => site.Get()?.Contains("rs", StringComparison.Ordinal) == true, Settle), Log());

            // Lesson one: index.html unreadable. nginx answers 403; HTTP_GET takes rs1 out, TCP_CHECK keeps it.
            site.MakeIndexUnreadable(site.Rs1, true);
            Assert.True(Lab.WaitUntil(() => Logged("10.9.0.2:80 removed from 10.9.0.100:80"), Settle), Log());
            Assert.Contains("HTTP 403 for /index.html from 10.9.0.2:80", Log(), StringComparison.Ordinal);
            Thread.Sleep(TimeSpan.FromSeconds(7));     // a whole TCP_CHECK cycle (delay_loop 6) passes
            Assert.DoesNotContain("10.9.0.2:80 removed from 10.9.0.101:80", Log(), StringComparison.Ordinal);
            Assert.Equal(20, site.Spread(20).GetValueOrDefault("rs2"));
            site.MakeIndexUnreadable(site.Rs1, false);
            Assert.True(Lab.WaitUntil(() => Logged("10.9.0.2:80 added to 10.9.0.100:80"), Settle), Log());

            // Lesson two: httpd stopped, a bare TCP listener on :80. TCP_CHECK is satisfied, HTTP_GET is not.
            site.StopHttp(site.Rs1);
            using var bare = site.Lab.Serve(site.Rs1, 80, "not http");
            var mark = Log().Length;
            Assert.True(Lab.WaitUntil(() => Log()[mark..].Contains("10.9.0.2:80 removed from 10.9.0.100:80", StringComparison.Ordinal), Settle), Log());
            Thread.Sleep(TimeSpan.FromSeconds(7));
            Assert.DoesNotContain("10.9.0.2:80 removed from 10.9.0.101:80", Log(), StringComparison.Ordinal);

            // Nobody left for HTTP_GET: the quorum is lost and the sorry server (127.0.0.1:80 on the LB) serves.
            site.StopHttp(site.Rs2);
            Assert.True(Lab.WaitUntil(() => Logged("10.9.0.100:80 lost quorum"), Settle), Log());
            Assert.True(Lab.WaitUntil(() => Logged("nftables: added 127.0.0.1:80"), Settle), Log());
            Assert.Equal(10, site.Spread(10).GetValueOrDefault("sorry"));
        }
        finally
        {
            StopAndLog(site, esha);
        }
    }

    [Fact]
    public void a_fwmark_service_balances_both_marked_ports()
    {
        using var site = new LvsSite(directRouting: true);
        // The user's mark rule (as the lint wants it), here in nftables: 80 and 443 to the VIP become mark 6.
        site.Lab.Ip("netns", "exec", site.Lb, "nft", "add table ip mangle");
        site.Lab.Ip("netns", "exec", site.Lb, "nft", "add chain ip mangle prerouting { type filter hook prerouting priority mangle; }");
        site.Lab.Ip("netns", "exec", site.Lb, "nft", $"add rule ip mangle prerouting ip daddr {LvsSite.Vip} tcp dport {{ 80, 443 }} meta mark set 6");
        var esha = site.StartLb(site.Write("keepalived.conf", Global + InstanceOnly + LvsSite.Mapped(LvsSite.Seed("fwmark-6.conf"))));
        try
        {
            Assert.True(Lab.WaitUntil(() => site.Get()?.Contains("rs", StringComparison.Ordinal) == true, Settle), site.Lab.OutputOf(esha));
            foreach (var port in new[] { 80, 443 })
            {
                var counts = site.Spread(60, port);
                output.WriteLine($"port {port}: {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}");
                Assert.Equal((30, 30), (counts.GetValueOrDefault("rs1"), counts.GetValueOrDefault("rs2")));
            }

            // A connection is keyed as IPVS keys one, by its virtual port too: a client reusing its source port for
            // the other marked port opens a new connection, which rr sends to the other real server.
            var first = site.Get(80, sourcePort: 40123);
            var second = site.Get(443, sourcePort: 40123);
            output.WriteLine($"source port 40123: port 80 {first}, port 443 {second}");
            Assert.NotNull(first);
            Assert.NotNull(second);
            Assert.NotEqual(first.Contains("rs1", StringComparison.Ordinal), second.Contains("rs1", StringComparison.Ordinal));

            // esha lvs shows the live table as ipvsadm -Ln would, with nftables' packet counts.
            var (code, table) = site.Esha("lvs", "--backend", "nftables", "--stats");
            output.WriteLine(table);
            Assert.Equal(0, code);
            Assert.Contains("FWM  6 rr", table, StringComparison.Ordinal);
            // DR real servers of a fwmark service are shown with port 0, as keepalived programs them.
            Assert.Matches(@"-> 10\.9\.0\.2:0 +Route +2 +- +- +[1-9]\d* ", table);
            Assert.Matches(@"-> 10\.9\.0\.3:0 +Route +1 +- +- +[1-9]\d* ", table);
            var (_, json) = site.Esha("lvs", "--backend", "nftables", "--json");
            using var parsed = System.Text.Json.JsonDocument.Parse(json);
            Assert.Equal("FWM  6", parsed.RootElement.GetProperty("services")[0].GetProperty("service").GetString());
        }
        finally
        {
            StopAndLog(site, esha);
        }
    }

    [Fact]
    public void a_destination_removed_by_hand_from_nftables_is_journaled_as_drift_and_put_back()
    {
        using var site = new LvsSite(directRouting: true);
        var esha = site.StartLb(site.Write("keepalived.conf", Global + HttpSite));
        try
        {
            Assert.True(Lab.WaitUntil(() => site.Get()?.Contains("rs", StringComparison.Ordinal) == true, Settle), site.Lab.OutputOf(esha));
            var listing = site.Nft("list", "table", "ip", "esha_lvs");
            var chain = System.Text.RegularExpressions.Regex.Match(listing, @"chain (d_\w+) \{\s*[^}]*esha dest 10\.9\.0\.3/80").Groups[1].Value;
            Assert.NotEmpty(chain);
            Assert.Equal(0, EsHa.Config.Tests.Support.Tools.Run(NetNamespace.Ip, "netns", "exec", site.Lb, "nft", "flush", "chain", "ip", "esha_lvs", chain).Code);
            Assert.True(Lab.WaitUntil(() => site.Lab.OutputOf(esha).Contains("drift found", StringComparison.Ordinal), LvsReconcilerDriftWait),
                site.Lab.OutputOf(esha));
            Assert.Contains("esha dest 10.9.0.3/80", site.Nft("list", "chain", "ip", "esha_lvs", chain), StringComparison.Ordinal);
            var counts = site.Spread(30);
            Assert.Equal((20, 10), (counts.GetValueOrDefault("rs1"), counts.GetValueOrDefault("rs2")));
        }
        finally
        {
            StopAndLog(site, esha);
        }

        using var journal = new JournalReader(site.Journal);
        var drift = Assert.Single(journal.Stream("lvs").Select(r => r.Fact).OfType<LvsDriftFound>());
        Assert.Contains(drift.Differences, d => d.Contains("delete 10.9.0.3:80", StringComparison.Ordinal));
    }

    [Fact]
    public void a_reload_with_new_weights_edits_the_table_in_place()
    {
        using var site = new LvsSite(directRouting: true);
        var config = site.Write("keepalived.conf", Global + HttpSite);
        var esha = site.StartLb(config);
        try
        {
            Assert.True(Lab.WaitUntil(() => site.Get()?.Contains("rs", StringComparison.Ordinal) == true, Settle), site.Lab.OutputOf(esha));
            Assert.Equal((20, 10), Pair(site.Spread(30)));

            // The operator makes the weights equal and reloads, as with keepalived (SIGHUP).
            File.WriteAllText(config, Global + HttpSite.Replace("weight 2", "weight 1", StringComparison.Ordinal));
            EsHa.Config.Tests.Support.Tools.Run("kill", "-HUP", esha.Id.ToString(CultureInfo.InvariantCulture));
            Assert.True(Lab.WaitUntil(() => site.Lab.OutputOf(esha).Contains("10.9.0.2:80 in TCP  10.9.0.100:80 weight 2 -> 1", StringComparison.Ordinal),
                TimeSpan.FromSeconds(20)), site.Lab.OutputOf(esha));
            Assert.Equal((15, 15), Pair(site.Spread(30)));
        }
        finally
        {
            StopAndLog(site, esha);
        }

        using var journal = new JournalReader(site.Journal);
        var kernel = journal.Stream("lvs").Select(r => r.Fact).ToList();
        Assert.Contains(kernel, f => f is LvsWeightSet { Destination: "10.9.0.2:80", From: 2, To: 1 });
        // Edited in place: no destination left and came back; the service went once, at the clean stop.
        Assert.Empty(kernel.OfType<LvsDestinationRemoved>());
        Assert.Single(kernel.OfType<LvsServiceRemoved>());
        Assert.IsType<LvsServiceRemoved>(kernel[^1]);
    }

    private static (int, int) Pair(Dictionary<string, int> counts) => (counts.GetValueOrDefault("rs1"), counts.GetValueOrDefault("rs2"));

    private void StopAndLog(LvsSite site, System.Diagnostics.Process esha)
    {
        if (!esha.HasExited)
        {
            EsHa.Config.Tests.Support.Tools.Run("kill", "-TERM", esha.Id.ToString(CultureInfo.InvariantCulture));
            esha.WaitForExit(20_000);
        }

        output.WriteLine(site.Lab.OutputOf(esha));
    }
}
