using System.Text.RegularExpressions;
using EsHa.Config.Tests.Support;
using EsHa.Node.Tests.Support;
using Xunit;

namespace EsHa.Node.Tests.Lint;

/// <summary>`esha lint` run for real inside a namespace of the test's own: the live nft ruleset read by `nft -a list
/// ruleset`, and the namespace's own addresses and arp sysctls for the DR checks.</summary>
public sealed partial class LintLiveTests
{
    private const string Nft = "/usr/sbin/nft";

    private static string[] SeedServers => ["-f", Path.Combine(Corpus.Seed, "fwmark-6.conf"), "-f", Path.Combine(Corpus.Seed, "fwmark-7.conf")];

    /// <summary>The seed's two rules in nftables words; <paramref name="secondMark"/> 6 is the user's slip, 7 the fix.</summary>
    private static string Ruleset(int secondMark) => $$"""
        flush ruleset
        table ip mangle {
            chain prerouting {
                type filter hook prerouting priority mangle; policy accept;
                ip daddr 192.168.126.100 tcp dport { 80, 443 } meta mark set 6
                ip daddr 192.168.126.101 tcp dport { 80, 443 } meta mark set {{secondMark}}
            }
        }
        """;

    private static void LoadRules(NetNamespace ns, string ruleset)
    {
        var file = Path.Combine(Path.GetTempPath(), $"esha-lint-{Guid.NewGuid():N}.nft");
        File.WriteAllText(file, ruleset);
        try
        {
            ns.Exec(Nft, "-f", file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static (int Code, string Out) Lint(NetNamespace ns, params string[] options)
    {
        var (code, output, error) = Tools.RunSeparately(NetNamespace.Ip,
            ["netns", "exec", ns.Name, "dotnet", Path.Combine(AppContext.BaseDirectory, "esha.dll"), "lint", .. SeedServers, .. options]);
        Assert.True(error.Length == 0, $"esha lint wrote to stderr: {error}");
        return (code, output);
    }

    private static string HandleOf(NetNamespace ns, string address) =>
        HandleComment().Match(ns.Exec(Nft, "-a", "list", "ruleset").Split('\n').Single(l => l.Contains($"ip daddr {address} ", StringComparison.Ordinal)))
            .Groups[1].Value;

    [Fact]
    public void the_live_nft_ruleset_with_the_seed_slip_starves_fwmark_7_and_names_both_rules_by_handle()
    {
        Prerequisite.Tool(Nft);
        using var ns = new NetNamespace("lint");
        LoadRules(ns, Ruleset(secondMark: 6));
        var (first, second) = (HandleOf(ns, "192.168.126.100"), HandleOf(ns, "192.168.126.101"));

        var (code, output) = Lint(ns, "--no-host-checks");

        Assert.Equal(1, code);
        const string chain = "nft ruleset, table ip mangle chain prerouting";
        var starved = Assert.Single(output.Split('\n'), l => l.Contains("[fwmark-starved]", StringComparison.Ordinal));
        Assert.Equal($"{Corpus.Seed}/fwmark-7.conf:1: error: virtual_server fwmark 7 gets no traffic: no rule sets mark 7, but rules at "
            + $"{chain}, handle {first} and handle {second} both set mark 6 (192.168.126.100 and 192.168.126.101, tcp 80,443) — "
            + $"did {chain}, handle {second} mean meta mark set 7? [fwmark-starved]", starved);

        LoadRules(ns, Ruleset(secondMark: 7));
        var (fixedCode, fixedOutput) = Lint(ns, "--no-host-checks");
        Assert.True(fixedCode == 0, fixedOutput);
        Assert.DoesNotContain(": error: ", fixedOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(": warning: ", fixedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void a_dr_real_server_here_needs_the_vips_on_lo_and_arp_sysctls_and_is_clean_once_it_has_them()
    {
        Prerequisite.Tool(Nft);
        using var ns = new NetNamespace("lintdr");
        LoadRules(ns, Ruleset(secondMark: 7));
        ns.Exec(NetNamespace.Ip, "addr", "add", "192.168.126.138/24", "dev", "ha0");
        // A new namespace copies net.ipv4.conf.all from the host's: set the starting point rather than inherit it.
        ns.Exec("sysctl", "-qw", "net.ipv4.conf.all.arp_ignore=0", "net.ipv4.conf.all.arp_announce=0",
            "net.ipv4.conf.ha0.arp_ignore=0", "net.ipv4.conf.ha0.arp_announce=0");

        var (code, output) = Lint(ns);

        Assert.Equal(1, code);
        var findings = FindingCode().Matches(output).Select(m => $"{Path.GetFileName(m.Groups[1].Value)} {m.Groups[2].Value}").ToList();
        Assert.Contains("fwmark-6.conf:11 dr-vip-missing", findings);
        Assert.Contains("fwmark-7.conf:10 dr-vip-missing", findings);
        Assert.Contains("fwmark-6.conf:11 dr-arp-ignore", findings);
        Assert.Contains("fwmark-6.conf:11 dr-arp-announce", findings);
        Assert.Contains("fwmark-6.conf:23 dr-not-local", findings);
        Assert.Contains("real server 192.168.126.138 is this host, but it does not hold VIP 192.168.126.101", output, StringComparison.Ordinal);
        Assert.Contains("192.168.126.139 is not on this host: DR settings not checked", output, StringComparison.Ordinal);

        ns.Exec(NetNamespace.Ip, "addr", "add", "192.168.126.100/32", "dev", "lo");
        ns.Exec(NetNamespace.Ip, "addr", "add", "192.168.126.101/32", "dev", "lo");
        ns.Exec("sysctl", "-qw", "net.ipv4.conf.all.arp_ignore=1", "net.ipv4.conf.all.arp_announce=2");
        var (fixedCode, fixedOutput) = Lint(ns);
        Assert.True(fixedCode == 0, fixedOutput);
        Assert.DoesNotContain(": error: ", fixedOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(": warning: ", fixedOutput, StringComparison.Ordinal);
        Assert.Contains("192.168.126.139 is not on this host", fixedOutput, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"# handle (\d+)")]
    private static partial Regex HandleComment();

    [GeneratedRegex(@"^(\S+:\d+): \w+: .* \[([a-z-]+)\]$", RegexOptions.Multiline)]
    private static partial Regex FindingCode();
}
