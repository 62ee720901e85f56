using System.Text.Json;
using System.Text.RegularExpressions;
using EsHa.Config.Tests.Support;
using Xunit;

namespace EsHa.Config.Tests.Lint;

/// <summary>`esha lint` as an operator runs it on the seed's files: lines, exit codes (check-config's), JSON.</summary>
public sealed partial class LintCliTests
{
    private static (int Code, string Out, string Err) Esha(params string[] args) =>
        Tools.RunSeparately("dotnet", [Path.Combine(AppContext.BaseDirectory, "esha.dll"), .. args]);

    private static string[] SeedServers => ["-f", Path.Combine(Corpus.Seed, "fwmark-6.conf"), "-f", Path.Combine(Corpus.Seed, "fwmark-7.conf")];

    private static string SeedRules => Path.Combine(Corpus.Seed, "fwmark-iptables.txt");

    [Fact]
    public void the_seed_rules_exit_1_with_the_starved_fwmark_7_error_naming_both_rules()
    {
        var (code, output, _) = Esha(["lint", .. SeedServers, "--rules", SeedRules, "--no-host-checks"]);

        Assert.Equal(1, code);
        var lines = output.TrimEnd().Split('\n');
        Assert.All(lines[..^1], l => Assert.Matches(FindingLine(), l));
        Assert.Contains(lines, l => l.StartsWith($"{Corpus.Seed}/fwmark-7.conf:1: error: virtual_server fwmark 7 gets no traffic", StringComparison.Ordinal)
            && l.Contains($"rules at {SeedRules}:1 and :2 both set mark 6", StringComparison.Ordinal)
            && l.EndsWith($"did {SeedRules}:2 mean --set-mark 7? [fwmark-starved]", StringComparison.Ordinal));
        Assert.Equal("1 error, 0 warnings, 1 note; 2 mark rules from 1 source", lines[^1]);
    }

    [Fact]
    public void the_fixed_rules_exit_0_without_errors_or_warnings()
    {
        var rules = Path.Combine(Path.GetTempPath(), $"esha-lint-{Guid.NewGuid():N}.txt");
        File.WriteAllText(rules, File.ReadAllText(SeedRules).Replace("192.168.126.101 -p tcp -m multiport --dports 80,443 -j MARK --set-mark 6",
            "192.168.126.101 -p tcp -m multiport --dports 80,443 -j MARK --set-mark 7", StringComparison.Ordinal));
        try
        {
            var (code, output, _) = Esha(["lint", .. SeedServers, "--rules", rules, "--no-host-checks"]);

            Assert.Equal(0, code);
            Assert.EndsWith("0 errors, 0 warnings, 2 notes; 2 mark rules from 1 source", output.TrimEnd(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(rules);
        }
    }

    [Fact]
    public void json_lists_the_rules_read_and_the_findings()
    {
        var (_, output, _) = Esha(["lint", .. SeedServers, "--rules", SeedRules, "--no-host-checks", "--json"]);

        using var json = JsonDocument.Parse(output);
        var rules = json.RootElement.GetProperty("rules");
        Assert.Equal($"{SeedRules}:2", rules[1].GetProperty("origin").GetString());
        Assert.Equal(6, rules[1].GetProperty("mark").GetInt32());
        var starved = json.RootElement.GetProperty("findings")[0];
        Assert.Equal(("fwmark-starved", "Error"), (starved.GetProperty("code").GetString(), starved.GetProperty("severity").GetString()));
    }

    [Fact]
    public void an_unreadable_rules_file_exits_2_and_no_rules_at_all_is_a_warning()
    {
        var (code, _, error) = Esha(["lint", .. SeedServers, "--rules", "/nonexistent/rules.txt", "--no-host-checks"]);
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/rules.txt: cannot read rules file", error, StringComparison.Ordinal);

        var (none, output, _) = Esha(["lint", .. SeedServers, "--no-live", "--no-host-checks"]);
        Assert.Equal(0, none);
        Assert.Contains("warning: no mark rules could be read: virtual_server fwmark 6, virtual_server fwmark 7 not cross-checked", output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(.+:\d+: )?(error|warning|note): .+ \[[a-z-]+\]$")]
    private static partial Regex FindingLine();
}
