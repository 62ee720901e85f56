using EsHa.Config.Tests.Support;
using EsHa.Domain.Config.Lint;
using EsHa.Domain.Config.Model;
using Xunit;

namespace EsHa.Config.Tests.Lint;

/// <summary>Firewall marks against fwmark virtual servers, on the user's own files first: the seed's second rule marks
/// 192.168.126.101 with 6 instead of 7, which left `virtual_server fwmark 7` with no traffic.</summary>
public sealed class LintFwmarkTests
{
    private static KeepalivedConfig SeedServers() => Linter.Merge(
        [Load.Disk(Path.Combine(Corpus.Seed, "fwmark-6.conf")).Config!, Load.Disk(Path.Combine(Corpus.Seed, "fwmark-7.conf")).Config!]);

    private static IReadOnlyList<LintFinding> LintSeed(string rulesText, string rulesFile) =>
        Linter.Run(SeedServers(), [MarkRulesText.Parse(rulesText, rulesFile)], [], host: null);

    private static string SeedRulesPath => Path.Combine(Corpus.Seed, "fwmark-iptables.txt");

    [Fact]
    public void the_seed_rules_starve_fwmark_7_and_the_finding_names_both_rules_and_their_lines()
    {
        var findings = LintSeed(File.ReadAllText(SeedRulesPath), SeedRulesPath);

        var starved = Assert.Single(findings, f => f.Severity == LintSeverity.Error);
        Assert.Equal(LintCodes.FwmarkStarved, starved.Code);
        Assert.Equal(Path.Combine(Corpus.Seed, "fwmark-7.conf") + ":1", starved.Where);
        Assert.StartsWith("virtual_server fwmark 7 gets no traffic: no rule sets mark 7", starved.Message, StringComparison.Ordinal);
        Assert.Contains($"rules at {SeedRulesPath}:1 and :2 both set mark 6 (192.168.126.100 and 192.168.126.101, tcp 80,443)",
            starved.Message, StringComparison.Ordinal);
        Assert.Equal($"did {SeedRulesPath}:2 mean --set-mark 7?", starved.Hint);
        Assert.DoesNotContain(findings, f => f.Severity == LintSeverity.Warning);
    }

    [Fact]
    public void the_seed_findings_match_their_golden_text()
    {
        // Paths relative to the corpus, so the golden text holds wherever the checkout is.
        var text = string.Join('\n', LintSeed(File.ReadAllText(SeedRulesPath), SeedRulesPath))
            .Replace(Corpus.Seed + "/", "", StringComparison.Ordinal) + "\n";
        var golden = Path.Combine(Corpus.TestData, "lint", "seed-fwmark.txt");
        if (Environment.GetEnvironmentVariable("ESHA_REWRITE") == "1")
        {
            File.WriteAllText(golden, text);
        }

        Assert.Equal(File.ReadAllText(golden), text);
    }

    [Fact]
    public void the_readme_example_is_the_golden_text()
    {
        var readme = File.ReadAllText(Path.Combine(Corpus.RepoRoot, "README.md"));
        var golden = File.ReadAllLines(Path.Combine(Corpus.TestData, "lint", "seed-fwmark.txt"));
        Assert.All(golden, line => Assert.Contains("\n    " + line + "\n", readme, StringComparison.Ordinal));
    }

    [Fact]
    public void the_fixed_seed_rules_leave_no_error_or_warning()
    {
        var fixedRules = File.ReadAllText(SeedRulesPath).Replace("192.168.126.101 -p tcp -m multiport --dports 80,443 -j MARK --set-mark 6",
            "192.168.126.101 -p tcp -m multiport --dports 80,443 -j MARK --set-mark 7", StringComparison.Ordinal);
        Assert.Contains("--set-mark 7", fixedRules, StringComparison.Ordinal);

        var findings = LintSeed(fixedRules, "fixed.txt");

        Assert.All(findings, f => Assert.Equal(LintSeverity.Note, f.Severity));
        // What stays is true of the fixed setup too: 443 is marked but the real servers are checked on 80 only.
        Assert.All(findings, f => Assert.Equal(LintCodes.FwmarkPorts, f.Code));
    }

    [Fact]
    public void the_same_slip_in_an_nft_ruleset_is_named_by_handle_and_suggested_in_nft_words()
    {
        const string ruleset = """
            table ip mangle { # handle 1
            	chain prerouting { # handle 1
            		type filter hook prerouting priority mangle; policy accept;
            		ip daddr 192.168.126.100 tcp dport { 80, 443 } meta mark set 0x00000006 # handle 3
            		ip daddr 192.168.126.101 tcp dport { 80, 443 } meta mark set 0x00000006 # handle 4
            	}
            }
            """;
        var findings = Linter.Run(SeedServers(), [NftRuleset.Parse(ruleset, "nft ruleset", byHandle: true)], [], host: null);

        var starved = Assert.Single(findings, f => f.Code == LintCodes.FwmarkStarved);
        Assert.Contains("rules at nft ruleset, table ip mangle chain prerouting, handle 3 and handle 4 both set mark 6",
            starved.Message, StringComparison.Ordinal);
        Assert.Equal("did nft ruleset, table ip mangle chain prerouting, handle 4 mean meta mark set 7?", starved.Hint);
    }

    [Fact]
    public void a_rule_whose_mark_no_service_takes_is_a_warning_and_the_likely_slip_for_the_starved_service()
    {
        var findings = LintSeed("""
            iptables -t mangle -A PREROUTING -d 192.168.126.100 -p tcp --dport 80 -j MARK --set-mark 6
            iptables -t mangle -A PREROUTING -d 192.168.126.101 -p tcp --dport 80 -j MARK --set-mark 70
            """, "rules.txt");

        var unused = Assert.Single(findings, f => f.Code == LintCodes.MarkUnused);
        Assert.Equal(("rules.txt:2", LintSeverity.Warning), (unused.Where, unused.Severity));
        Assert.Contains("sets mark 70 (192.168.126.101 tcp 80), but no virtual_server takes fwmark 70", unused.Message, StringComparison.Ordinal);
        var starved = Assert.Single(findings, f => f.Code == LintCodes.FwmarkStarved);
        Assert.Equal("did rules.txt:2 mean --set-mark 7?", starved.Hint);
    }

    [Fact]
    public void with_no_rule_at_all_every_fwmark_service_is_starved_without_a_guess()
    {
        var findings = LintSeed("# nothing marked yet\n", "empty.txt");

        var starved = findings.Where(f => f.Code == LintCodes.FwmarkStarved).ToList();
        Assert.Equal(["virtual_server fwmark 6 gets no traffic: no rule sets mark 6", "virtual_server fwmark 7 gets no traffic: no rule sets mark 7"],
            starved.Select(f => f.Message));
        Assert.All(starved, f => Assert.Null(f.Hint));
    }

    [Fact]
    public void when_no_rules_could_be_read_the_marks_are_not_judged()
    {
        var findings = Linter.Run(SeedServers(), [], [], host: null);

        var unavailable = Assert.Single(findings);
        Assert.Equal((LintCodes.RulesUnavailable, LintSeverity.Warning), (unavailable.Code, unavailable.Severity));
        Assert.Contains("virtual_server fwmark 6, virtual_server fwmark 7 not cross-checked", unavailable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_group_fwmark_entry_is_a_fwmark_service_named_at_its_line()
    {
        var config = Load.Text("""
            virtual_server_group web {
                fwmark 9
            }
            virtual_server group web {
                lb_kind NAT
                real_server 10.0.0.5 8080 {
                }
            }
            """).Config!;
        var findings = Linter.Run(config, [MarkRulesText.Parse("-A PREROUTING -d 10.0.0.1/32 -p tcp --dport 80 -j MARK --set-xmark 0x9/0xffffffff", "saved")], [], null);

        Assert.DoesNotContain(findings, f => f.Code == LintCodes.FwmarkStarved);
        var ports = Assert.Single(findings, f => f.Code == LintCodes.FwmarkPorts);
        Assert.Equal("/keepalived.conf:2", ports.Where);
        Assert.Equal("virtual_server group web (fwmark 9)'s real servers are given port 8080, but the rule at saved:1 also marks port 80: "
            + "NAT sends that traffic to port 8080", ports.Message);
    }

    [Fact]
    public void a_configuration_without_fwmark_services_says_there_was_nothing_to_cross_check()
    {
        var config = Load.Text("virtual_server 10.0.0.1 80 {\n    protocol TCP\n}\n").Config!;
        var finding = Assert.Single(Linter.Run(config, [ParsedRules.Empty], [], null));
        Assert.Equal((LintCodes.NoFwmarkServices, LintSeverity.Note), (finding.Code, finding.Severity));
    }
}
