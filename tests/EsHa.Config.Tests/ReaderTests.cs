using EsHa.Config.Tests.Support;
using EsHa.Domain.Config.Diagnostics;
using Xunit;

namespace EsHa.Config.Tests;

/// <summary>Reader behaviours awkward to show in a transcript.</summary>
public sealed class ReaderTests
{
    [Fact]
    public void a_line_over_1023_characters_is_read_as_two_lines_like_keepalived_fgets()
    {
        // keepalived 2.2.7 reads "advert_int 2" from the second piece and applies it.
        var text = "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 5\n    priority 100"
            + new string(' ', 1020) + "advert_int 2\n    virtual_ipaddress {\n        192.0.2.1\n    }\n}\n";
        var result = Load.Text(text);
        var vi = Assert.Single(result.Config!.Instances);
        Assert.Equal(TimeSpan.FromSeconds(2), vi.AdvertInterval);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.LineTooLong, 4), (warning.Code, warning.At!.Value.Line));
    }

    [Fact]
    public void windows_line_endings_and_a_missing_final_newline_read_like_unix_ones()
    {
        var result = Load.Text("vrrp_instance VI_1 {\r\n    interface eth0\r\n    virtual_router_id 5\r\n    virtual_ipaddress {\r\n        192.0.2.1\r\n    }\r\n}");
        Assert.Empty(result.Diagnostics);
        Assert.Equal("eth0", result.Config!.Instances[0].Interface);
    }

    [Fact]
    public void an_empty_file_is_an_empty_configuration()
    {
        var result = Load.Text("");
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.Config!.Instances);
    }
}
