using System.Text.Json;
using System.Text.RegularExpressions;
using EsHa.Config.Tests.Support;
using Xunit;

namespace EsHa.Config.Tests;

/// <summary>The esha command as an operator runs it: output lines, exit codes, JSON.</summary>
public sealed partial class CliTests
{
    private static (int Code, string Out, string Err) Esha(params string[] args) =>
        Tools.RunSeparately("dotnet", [Path.Combine(AppContext.BaseDirectory, "esha.dll"), .. args]);

    private static string SeedFile(string node, string variant) => Path.Combine(Corpus.Seed, node, "conf.d", $"www.ming.org.conf.{variant}");

    [Fact]
    public void check_config_prints_file_line_severity_message_code_and_exits_1_on_errors()
    {
        var (code, output, _) = Esha("check-config", "-f", SeedFile("ka02", "tcp"), "--no-host-checks");
        Assert.Equal(1, code);
        var lines = output.TrimEnd().Split('\n');
        Assert.All(lines[..^1], l => Assert.Matches(DiagnosticLine(), l));
        Assert.Contains(lines, l => l.Contains("www.ming.org.conf.tcp:15: error: unknown keyword 'unicast'", StringComparison.Ordinal));
        Assert.Equal("3 errors, 0 warnings in 1 file", lines[^1]);
    }

    [Fact]
    public void check_config_exits_0_without_errors_and_2_when_the_file_cannot_be_read()
    {
        Assert.Equal(0, Esha("check-config", "-f", SeedFile("ka01", "http"), "--no-host-checks").Code);
        var (code, _, error) = Esha("check-config", "-f", "/nonexistent/keepalived.conf");
        Assert.Equal(2, code);
        Assert.Contains("cannot read configuration file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void host_checks_report_interfaces_this_host_lacks_unless_turned_off()
    {
        var with = Esha("check-config", "-f", SeedFile("ka01", "http")).Out;
        Assert.Contains("interface eth1 for vrrp_instance VI_1 doesn't exist on this host [interface-missing]", with, StringComparison.Ordinal);
        Assert.DoesNotContain("interface-missing", Esha("check-config", "-f", SeedFile("ka01", "http"), "--no-host-checks").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void json_output_is_the_model_with_source_locations_and_the_diagnostics()
    {
        var (_, output, _) = Esha("check-config", "-f", SeedFile("ka02", "http"), "--no-host-checks", "--json");
        using var json = JsonDocument.Parse(output);
        var instance = json.RootElement.GetProperty("config").GetProperty("instances")[0];
        Assert.Equal(90, instance.GetProperty("priority").GetInt32());
        Assert.EndsWith("www.ming.org.conf.http:5", instance.GetProperty("sources").GetProperty("priority").GetString(), StringComparison.Ordinal);
        Assert.Contains(json.RootElement.GetProperty("diagnostics").EnumerateArray(),
            d => d.GetProperty("code").GetString() == "unknown-keyword");
    }

    [Fact]
    public void config_diff_names_what_differs_between_the_two_seed_nodes()
    {
        var (code, output, _) = Esha("config", "diff", SeedFile("ka01", "http"), SeedFile("ka02", "http"));
        Assert.Equal(1, code);
        Assert.Contains("vrrp_instance VI_1: priority 100 -> 90", output, StringComparison.Ordinal);
        Assert.Contains("vrrp_instance VI_1: unicast_src_ip removed: 10.1.1.1", output, StringComparison.Ordinal);
        Assert.Equal(0, Esha("config", "diff", SeedFile("ka01", "http"), SeedFile("ka01", "http")).Code);
    }

    [Fact]
    public void simulate_runs_the_seed_scenario_as_json_and_refuses_a_scenario_it_cannot_read()
    {
        var scenario = Path.Combine(Corpus.RepoRoot, "ops", "examples", "seed", "scenario.json");
        var (code, output, _) = Esha("simulate", scenario, "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("invariantsHeld").GetBoolean());
        Assert.Contains(json.RootElement.GetProperty("transitions").EnumerateArray(),
            t => t.GetString()!.Contains("ka02     VI_1: became MASTER", StringComparison.Ordinal));

        var (bad, _, error) = Esha("simulate", Path.Combine(Corpus.RepoRoot, "README.md"));
        Assert.Equal(2, bad);
        Assert.Contains("README.md", error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^.+:\d+: (error|warning): .+ \[[a-z-]+\]$")]
    private static partial Regex DiagnosticLine();
}
