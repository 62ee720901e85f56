using EsHa.Config.Tests.Support;
using Xunit;
using EsHa.Domain.Config.Diagnostics;

namespace EsHa.Config.Tests;

/// <summary>Differential tests against Debian's keepalived 2.2.7: on every corpus file EsHa must report a finding on
/// each line keepalived reports one on, and must report no error on a line where keepalived reports nothing.</summary>
public sealed class KeepalivedOracleTests
{
    public static TheoryData<string> CorpusFiles() =>
        new(Corpus.AllFiles().Select(f => Path.Combine(Corpus.SharedRoot, f)).Concat(Corpus.OracleFiles())
            .Select(f => Path.GetRelativePath(Corpus.RepoRoot, f)));

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void esha_reports_every_line_keepalived_reports_and_no_error_elsewhere(string file)
    {
        var path = Path.GetFullPath(Path.Combine(Corpus.RepoRoot, file));
        var findings = KeepalivedOracle.Check(path).Where(f => !KeepalivedOracle.IsHostSpecific(f)).ToList();
        var oracle = findings.Where(f => f.Line > 0).ToList();

        // What keepalived finds after parsing it prints without a line, naming the instance: EsHa may place it.
        var subjects = findings.Where(f => f.Line == 0).Select(f => KeepalivedOracle.SubjectOf(f.Message)).OfType<string>().ToHashSet();
        var esha = Load.Disk(path, ShortHostName()).Diagnostics.Where(d => d.At is not null).ToList();

        var eshaLines = esha.Select(d => d.At!.Value.Line).ToHashSet();
        var missed = oracle.Where(f => !eshaLines.Contains(f.Line)).ToList();
        Assert.True(missed.Count == 0, $"keepalived reports lines EsHa does not:\n{string.Join('\n', missed)}\nEsHa:\n{string.Join('\n', esha)}");

        var oracleLines = oracle.Select(f => f.Line).ToHashSet();
        var extraErrors = esha.Where(d => d.Severity == Severity.Error && !oracleLines.Contains(d.At!.Value.Line)
            && !(KeepalivedOracle.SubjectOf(d.Message) is { } subject && subjects.Contains(subject))).ToList();
        Assert.True(extraErrors.Count == 0, $"EsHa reports errors where keepalived reports nothing:\n{string.Join('\n', extraErrors)}");
    }

    [Fact]
    public void the_seed_ka02_unicast_typo_is_an_error_at_line_15_with_the_unicast_src_ip_hint()
    {
        foreach (var variant in new[] { "http", "tcp" })
        {
            var result = Load.Disk(Path.Combine(Corpus.Seed, "ka02", "conf.d", $"www.ming.org.conf.{variant}"));
            var unicast = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.UnknownKeyword && d.At!.Value.Line == 15);
            Assert.Equal(Severity.Error, unicast.Severity);
            Assert.Contains("'unicast'", unicast.Message, StringComparison.Ordinal);
            Assert.Contains("unicast_src_ip", unicast.Hint, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("ka01", "tcp", 42, 51)]
    [InlineData("ka02", "tcp", 41, 50)]
    [InlineData("ka01", "http", 46, 58)]
    [InlineData("ka02", "http", 44, 56)]
    public void the_seed_nb_get_retry_lines_are_flagged(string node, string variant, int first, int second)
    {
        var result = Load.Disk(Path.Combine(Corpus.Seed, node, "conf.d", $"www.ming.org.conf.{variant}"));
        var flagged = result.Diagnostics.Where(d => d.Message.Contains("nb_get_retry", StringComparison.Ordinal))
            .Select(d => d.At!.Value.Line).ToList();
        Assert.Equal([first, second], flagged);
    }

    [Fact]
    public void the_one_line_authentication_block_is_an_error_where_keepalived_silently_drops_authentication()
    {
        var dir = Directory.CreateTempSubdirectory("esha-auth-");
        try
        {
            var path = Path.Combine(dir.FullName, "keepalived.conf");
            File.WriteAllText(path, """
                vrrp_instance VI_1 {
                    interface lo0
                    virtual_router_id 7
                    authentication { auth_type PASS auth_pass secret }
                    virtual_ipaddress {
                        192.0.2.1
                    }
                }
                """);
            var oracle = KeepalivedOracle.Check(path);
            Assert.DoesNotContain(oracle, f => f.Line == 4);

            var result = Load.Disk(path);
            var error = Assert.Single(result.Errors(), d => d.Code == DiagnosticCodes.AuthenticationIgnored);
            Assert.Equal(4, error.At!.Value.Line);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string ShortHostName()
    {
        var host = Environment.MachineName;
        return host.Split('.')[0];
    }
}
