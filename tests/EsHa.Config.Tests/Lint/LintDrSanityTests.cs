using EsHa.Config.Tests.Support;
using EsHa.Domain.Config.Lint;
using EsHa.Domain.Config.Model;
using Xunit;

namespace EsHa.Config.Tests.Lint;

/// <summary>DR real servers that are the host being linted: the VIP on lo or a NOARP device, arp_ignore ≥ 1 and
/// arp_announce ≥ 2 (the larger of "all" and the device); everything else is reported as not seen.</summary>
public sealed class LintDrSanityTests
{
    private const string Config = """
        virtual_server 192.168.126.100 80 {
            lb_kind DR
            protocol TCP
            real_server 192.168.126.138 80 {
            }
            real_server 192.168.126.139 80 {
            }
        }
        """;

    private static KeepalivedConfig Servers(string text = Config) => Load.Text(text).Config!;

    private static HostNetworkFacts Host(IEnumerable<(string Address, string Device)> addresses, int arpIgnore, int arpAnnounce,
        params string[] noArp) => new(
        [.. addresses.Select(a => new HostAddress(a.Address, a.Device))],
        noArp.ToHashSet(),
        new Dictionary<string, int> { ["all"] = arpIgnore, ["eth0"] = 0, ["lo"] = 0, ["dummy0"] = 0 },
        new Dictionary<string, int> { ["all"] = arpAnnounce, ["eth0"] = 0, ["lo"] = 0, ["dummy0"] = 0 });

    private static IReadOnlyList<LintFinding> Lint(HostNetworkFacts host, string text = Config, IReadOnlyList<MarkRule>? rules = null) =>
        DrSanity.Check(Servers(text), rules ?? [], host);

    [Fact]
    public void a_real_server_without_the_vip_and_with_default_arp_settings_gets_every_finding_at_its_line()
    {
        var findings = Lint(Host([("192.168.126.138", "eth0")], arpIgnore: 0, arpAnnounce: 0));

        Assert.Equal(
        [
            ("/keepalived.conf:4", LintCodes.DrVipMissing, LintSeverity.Error),
            ("/keepalived.conf:4", LintCodes.DrArpIgnore, LintSeverity.Error),
            ("/keepalived.conf:4", LintCodes.DrArpAnnounce, LintSeverity.Warning),
            ("/keepalived.conf:6", LintCodes.DrNotLocal, LintSeverity.Note),
        ], findings.Select(f => (f.Where!, f.Code, f.Severity)));
        Assert.Equal("192.168.126.139 is not on this host: DR settings not checked (run esha lint there)", findings[3].Message);
        Assert.Equal("ip addr add 192.168.126.100/32 dev lo", findings[0].Hint);
    }

    [Fact]
    public void the_vip_on_lo_with_arp_ignore_1_and_arp_announce_2_is_clean()
    {
        var findings = Lint(Host([("192.168.126.138", "eth0"), ("192.168.126.100", "lo")], arpIgnore: 1, arpAnnounce: 2));

        Assert.Equal([LintCodes.DrNotLocal], findings.Select(f => f.Code));
    }

    [Fact]
    public void a_noarp_dummy_device_holds_the_vip_as_well_as_lo()
    {
        var findings = Lint(Host([("192.168.126.138", "eth0"), ("192.168.126.100", "dummy0")], arpIgnore: 2, arpAnnounce: 2, "dummy0"));

        Assert.DoesNotContain(findings, f => f.Severity != LintSeverity.Note);
    }

    [Fact]
    public void the_vip_on_a_device_that_answers_arp_competes_with_the_director()
    {
        var findings = Lint(Host([("192.168.126.138", "eth0"), ("192.168.126.100", "eth0")], arpIgnore: 1, arpAnnounce: 2));

        var competing = Assert.Single(findings, f => f.Severity == LintSeverity.Error);
        Assert.Equal(LintCodes.DrVipAnswersArp, competing.Code);
        Assert.Contains("holds VIP 192.168.126.100 on eth0, which answers ARP", competing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void the_device_value_counts_when_it_is_larger_than_all()
    {
        var host = Host([("192.168.126.138", "eth0"), ("192.168.126.100", "lo")], arpIgnore: 0, arpAnnounce: 0) with
        {
            ArpIgnore = new Dictionary<string, int> { ["all"] = 0, ["eth0"] = 1 },
            ArpAnnounce = new Dictionary<string, int> { ["all"] = 0, ["eth0"] = 2 },
        };

        Assert.DoesNotContain(Lint(host), f => f.Severity != LintSeverity.Note);
    }

    [Fact]
    public void a_fwmark_service_takes_its_vips_from_the_rules_that_mark_for_it()
    {
        var rules = IptablesRules.Parse(
            "iptables -t mangle -A PREROUTING -d 192.168.126.101 -p tcp -m multiport --dports 80,443 -j MARK --set-mark 7", "r.txt").Rules;
        var text = File.ReadAllText(Path.Combine(Corpus.Seed, "fwmark-7.conf"));

        var findings = Lint(Host([("192.168.126.138", "eth0")], arpIgnore: 1, arpAnnounce: 2), text, rules);

        var missing = Assert.Single(findings, f => f.Severity == LintSeverity.Error);
        Assert.Contains("does not hold VIP 192.168.126.101", missing.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Lint(Host([("192.168.126.138", "eth0")], arpIgnore: 1, arpAnnounce: 2), text), f => f.Code == LintCodes.DrVipMissing);
        Assert.Contains(Lint(Host([("192.168.126.138", "eth0")], arpIgnore: 1, arpAnnounce: 2), text), f => f.Code == LintCodes.DrVipUnknown);
    }

    [Fact]
    public void the_director_holding_the_vip_is_told_so_and_nothing_else_is_checked()
    {
        var findings = Lint(Host([("192.168.126.100", "eth0"), ("192.168.126.1", "eth0")], arpIgnore: 0, arpAnnounce: 0));

        Assert.Equal([LintCodes.DrDirector, LintCodes.DrNotLocal, LintCodes.DrNotLocal], findings.Select(f => f.Code));
        Assert.All(findings, f => Assert.Equal(LintSeverity.Note, f.Severity));
    }

    [Fact]
    public void nat_real_servers_are_not_checked_for_dr()
    {
        Assert.Empty(Lint(Host([("192.168.126.138", "eth0")], 0, 0), Config.Replace("lb_kind DR", "lb_kind NAT", StringComparison.Ordinal)));
    }
}
