using EsHa.Config.Tests.Support;
using EsHa.Domain.Config.Diff;
using Xunit;

namespace EsHa.Config.Tests;

/// <summary>config diff reports what would behave differently, and nothing for layout or comments.</summary>
public sealed class ConfigDiffTests
{
    private const string Before = """
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 51
            priority 100
            virtual_ipaddress {
                192.0.2.1/24
            }
        }
        virtual_server 192.0.2.1 80 {
            protocol TCP
            real_server 10.0.0.1 80 {
                weight 2
            }
            real_server 10.0.0.2 80 {
                weight 1
            }
        }
        """;

    private static IReadOnlyList<ConfigChange> Diff(string before, string after) =>
        ConfigDiff.Compare(Load.Text(before).Config!, Load.Text(after).Config!);

    [Fact]
    public void reformatting_and_comments_are_no_change()
    {
        var after = "# moved things around\n" + Before.Replace("    priority 100", "  priority   100  # same", StringComparison.Ordinal)
            .Replace("virtual_ipaddress {\n        192.0.2.1/24\n    }", "virtual_ipaddress { 192.0.2.1/24 }", StringComparison.Ordinal);
        Assert.Empty(Diff(Before, after));
    }

    [Fact]
    public void priority_weight_and_vip_changes_are_named()
    {
        var after = Before.Replace("priority 100", "priority 90", StringComparison.Ordinal)
            .Replace("weight 2", "weight 3", StringComparison.Ordinal)
            .Replace("192.0.2.1/24\n", "192.0.2.1/24\n        192.0.2.2/24\n", StringComparison.Ordinal);
        var changes = Diff(Before, after).Select(c => c.ToString()).ToList();
        Assert.Contains("vrrp_instance VI_1: priority 100 -> 90", changes);
        Assert.Contains("virtual_server 192.0.2.1:80 real_server 10.0.0.1:80: weight 2 -> 3", changes);
        Assert.Contains(changes, c => c.StartsWith("vrrp_instance VI_1: virtual_ipaddress added: {address=192.0.2.2", StringComparison.Ordinal));
        Assert.Equal(3, changes.Count);
    }

    [Fact]
    public void added_and_removed_blocks_are_named_by_their_keys()
    {
        var after = Before.Replace("    real_server 10.0.0.2 80 {\n        weight 1\n    }\n", "", StringComparison.Ordinal)
            + "\nvrrp_instance VI_2 {\n    interface eth1\n    virtual_router_id 52\n}\n";
        var changes = Diff(Before, after).Select(c => c.ToString()).ToList();
        Assert.Equal(["virtual_server 192.0.2.1:80 real_server 10.0.0.2:80: removed", "vrrp_instance VI_2: added"], changes.Order(StringComparer.Ordinal));
    }
}
