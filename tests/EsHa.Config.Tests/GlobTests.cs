using EsHa.Domain.Config.Source;
using Xunit;

namespace EsHa.Config.Tests;

public sealed class GlobTests
{
    private static readonly InMemoryConfigFileSystem Fs = new InMemoryConfigFileSystem()
        .Add("/etc/k/conf.d/b.conf", "").Add("/etc/k/conf.d/a.conf", "").Add("/etc/k/conf.d/.hidden.conf", "")
        .Add("/etc/k/conf.d/x.txt", "").Add("/etc/k/sites/one/s.conf", "").Add("/etc/k/sites/two/s.conf", "");

    [Theory]
    [InlineData("/etc/k/conf.d/*.conf", "/etc/k/conf.d/a.conf /etc/k/conf.d/b.conf")]
    [InlineData("/etc/k/conf.d/[ab].conf", "/etc/k/conf.d/a.conf /etc/k/conf.d/b.conf")]
    [InlineData("/etc/k/conf.d/[!a]*", "/etc/k/conf.d/b.conf /etc/k/conf.d/x.txt")]
    [InlineData("/etc/k/conf.d/?.conf", "/etc/k/conf.d/a.conf /etc/k/conf.d/b.conf")]
    [InlineData("/etc/k/conf.d/.*.conf", "/etc/k/conf.d/.hidden.conf")]
    [InlineData("/etc/k/sites/*/s.conf", "/etc/k/sites/one/s.conf /etc/k/sites/two/s.conf")]
    [InlineData("/etc/k/conf.d/{b,a}.conf", "/etc/k/conf.d/b.conf /etc/k/conf.d/a.conf")]
    [InlineData("/etc/k/conf.d/a.conf", "/etc/k/conf.d/a.conf")]
    [InlineData("/etc/k/*", "/etc/k/conf.d/ /etc/k/sites/")]
    public void glob_matches_like_glibc_with_brace_and_mark(string pattern, string expected)
    {
        Assert.Equal(expected, string.Join(' ', Glob.Expand(Fs, pattern).Matches));
    }

    [Fact]
    public void a_missing_folder_is_told_apart_from_no_match()
    {
        Assert.True(Glob.Expand(Fs, "/etc/nowhere/*.conf").SomethingMissing);
        var none = Glob.Expand(Fs, "/etc/k/conf.d/*.cfg");
        Assert.False(none.SomethingMissing);
        Assert.True(none.HadWildcards);
        Assert.Empty(none.Matches);
    }
}
