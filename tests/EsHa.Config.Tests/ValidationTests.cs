using EsHa.Config.Tests.Support;
using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;
using Xunit;

namespace EsHa.Config.Tests;

/// <summary>keepalived's ranges and the conflicts it resolves, each reported at the line that causes it.</summary>
public sealed class ValidationTests
{
    private static string Instance(string body, string name = "VI_1", int vrid = 51, string iface = "eth0") => $$"""
        vrrp_instance {{name}} {
            interface {{iface}}
            virtual_router_id {{vrid}}
        {{body}}
        }
        """;

    private static Diagnostic Single(string text, string code, Severity severity)
    {
        var result = Load.Text(text);
        return Assert.Single(result.Diagnostics, d => d.Code == code && d.Severity == severity);
    }

    [Theory]
    [InlineData("    priority 0", 4)]
    [InlineData("    priority 256", 4)]
    public void priority_outside_1_to_255_is_an_error_at_its_line(string line, int at)
    {
        var d = Single(Instance(line), DiagnosticCodes.OutOfRange, Severity.Error);
        Assert.Equal(at, d.At!.Value.Line);
        Assert.Contains("priority", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_valid_instance_has_no_findings()
    {
        var result = Load.Text(Instance("    priority 255\n    state MASTER\n    advert_int 1\n    virtual_ipaddress {\n        192.0.2.1/24\n    }"));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void vrid_outside_1_to_255_is_an_error()
    {
        var d = Single(Instance("", vrid: 300), DiagnosticCodes.OutOfRange, Severity.Error);
        Assert.Equal(3, d.At!.Value.Line);
    }

    [Theory]
    [InlineData("    advert_int 0", DiagnosticCodes.OutOfRange, 1.0)]
    [InlineData("    advert_int 256", DiagnosticCodes.OutOfRange, 1.0)]
    [InlineData("    advert_int 2", null, 2.0)]
    [InlineData("    advert_int 1.5", DiagnosticCodes.ConflictResolved, 2.0)]
    [InlineData("    advert_int 0.2", DiagnosticCodes.ConflictResolved, 1.0)]
    [InlineData("    version 3\n    advert_int 0.5", null, 0.5)]
    [InlineData("    version 3\n    advert_int 41", DiagnosticCodes.ConflictResolved, 40.95)]
    public void advert_int_follows_keepalived_ignored_out_of_range_rounded_for_v2_capped_for_v3(string lines, string? code, double effective)
    {
        var result = Load.Text(Instance(lines + "\n    virtual_ipaddress {\n        192.0.2.1\n    }"));
        Assert.Equal(code, result.Diagnostics.SingleOrDefault()?.Code);
        Assert.Equal(TimeSpan.FromSeconds(effective), result.Config!.Instances[0].Resolve(result.Config.Global).AdvertInterval);
    }

    [Fact]
    public void preempt_delay_over_1000_seconds_is_an_error()
    {
        Single(Instance("    preempt_delay 1001"), DiagnosticCodes.OutOfRange, Severity.Error);
    }

    [Fact]
    public void nopreempt_and_preempt_delay_with_state_master_are_cleared_with_warnings()
    {
        var result = Load.Text(Instance("    state MASTER\n    nopreempt\n    preempt_delay 5"));
        var warnings = result.Diagnostics.Where(d => d.Code == DiagnosticCodes.ConflictResolved).Select(d => d.At!.Value.Line);
        Assert.Equal([5, 6], warnings.Order());
        var resolved = Assert.Single(result.Config!.Instances).Resolve(result.Config.Global);
        Assert.False(resolved.NoPreempt);
        Assert.Equal(TimeSpan.Zero, resolved.PreemptDelay);
    }

    [Fact]
    public void authentication_with_vrrp_v3_is_ignored_with_a_warning()
    {
        var text = Instance("    version 3\n    authentication {\n        auth_type PASS\n        auth_pass x\n    }\n"
            + "    virtual_ipaddress {\n        192.0.2.1\n    }");
        var d = Single(text, DiagnosticCodes.AuthenticationIgnored, Severity.Warning);
        Assert.Contains("VRRP version 3", d.Message, StringComparison.Ordinal);
        var resolved = Load.Text(text).Config!.Instances[0].Resolve(Load.Text(text).Config!.Global);
        Assert.Equal(AuthenticationType.None, resolved.Authentication);
    }

    [Fact]
    public void vrrp_script_weight_outside_253_is_an_error()
    {
        var d = Single("vrrp_script chk {\n    script /bin/true\n    weight -254\n}", DiagnosticCodes.OutOfRange, Severity.Error);
        Assert.Equal(3, d.At!.Value.Line);
    }

    [Fact]
    public void the_same_vrid_twice_on_one_interface_is_an_error_and_the_same_vip_twice_a_warning()
    {
        var text = Instance("    virtual_ipaddress {\n        192.0.2.9\n    }", "A", 7)
            + "\n" + Instance("    virtual_ipaddress {\n        192.0.2.9\n    }", "B", 7);
        var result = Load.Text(text);
        Assert.Single(result.Errors(), d => d.Code == DiagnosticCodes.Duplicate && d.Message.Contains("VRID 7", StringComparison.Ordinal));
        Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.Duplicate && d.Severity == Severity.Warning);
    }

    [Fact]
    public void references_to_missing_scripts_instances_and_groups_are_errors_at_the_reference()
    {
        var text = Instance("    track_script {\n        chk_missing\n    }") + """

            vrrp_sync_group G {
                group {
                    VI_1
                    VI_9
                }
            }
            virtual_server group NOPE {
                protocol TCP
                real_server 10.0.0.1 80 {
                }
            }
            """;
        var result = Load.Text(text);
        var references = result.Errors().Where(d => d.Code == DiagnosticCodes.UnknownReference).Select(d => d.At!.Value.Line).ToList();
        Assert.Equal([5, 11, 14], references);
    }

    [Fact]
    public void unknown_keywords_get_a_did_you_mean_hint_from_their_block()
    {
        var d = Single(Instance("    preemt_delay 5"), DiagnosticCodes.UnknownKeyword, Severity.Error);
        Assert.Equal("did you mean 'preempt_delay'?", d.Hint);
    }

    [Fact]
    public void a_virtual_server_without_protocol_is_udp_as_in_keepalived_2_2_7()
    {
        var result = Load.Text("virtual_server 10.0.0.1 80 {\n    real_server 10.0.0.2 80 {\n    }\n}");
        Assert.Equal("UDP", Assert.Single(result.Config!.VirtualServers).EffectiveProtocol);
        Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.MissingRequired && d.Message.Contains("UDP", StringComparison.Ordinal));
    }

    [Fact]
    public void invalid_addresses_are_skipped_with_an_error_like_keepalived()
    {
        var result = Load.Text(Instance("    virtual_ipaddress {\n        192.168.100./24\n        192.0.2.1\n    }"));
        Assert.Single(result.Errors(), d => d.At!.Value.Line == 5);
        Assert.Equal("192.0.2.1", Assert.Single(result.Config!.Instances[0].VirtualIpAddresses).Address);
    }

    [Theory]
    [InlineData("    state MASTER", 255, InitialState.Master)]
    [InlineData("    priority 255", 255, InitialState.Master)]
    [InlineData("", 100, InitialState.Backup)]
    [InlineData("    state MASTER\n    priority 300", 100, InitialState.Master)]
    public void priority_and_state_are_derived_from_each_other_as_keepalived_does(string lines, int priority, InitialState state)
    {
        var config = Load.Text(Instance(lines + "\n    virtual_ipaddress {\n        192.0.2.1\n    }")).Config!;
        var resolved = config.Instances[0].Resolve(config.Global);
        Assert.Equal((priority, state), (resolved.Priority, resolved.State));
    }

    [Fact]
    public void nopreempt_at_priority_255_is_cleared_with_a_warning()
    {
        var text = Instance("    state BACKUP\n    priority 255\n    nopreempt\n    virtual_ipaddress {\n        192.0.2.1\n    }");
        var result = Load.Text(text);
        var d = Single(text, DiagnosticCodes.ConflictResolved, Severity.Warning);
        Assert.Equal(6, d.At!.Value.Line);
        Assert.False(result.Config!.Instances[0].Resolve(result.Config.Global).NoPreempt);
    }

    [Fact]
    public void an_ipv6_instance_runs_vrrp_v3_and_keeps_a_half_second_interval()
    {
        var config = Load.Text(Instance("    advert_int 0.5\n    virtual_ipaddress {\n        fe80::1/64\n    }")).Config!;
        var resolved = config.Instances[0].Resolve(config.Global);
        Assert.Equal((3, TimeSpan.FromMilliseconds(500)), (resolved.Version, resolved.AdvertInterval));
    }

    [Fact]
    public void strict_mode_drops_authentication_preempt_delay_and_accept_for_a_non_owner()
    {
        var text = "global_defs {\n    vrrp_strict\n}\n" + Instance("    priority 100\n    preempt_delay 5\n    accept\n"
            + "    authentication {\n        auth_type PASS\n        auth_pass x\n    }\n    virtual_ipaddress {\n        192.0.2.1\n    }");
        var result = Load.Text(text);
        var resolved = result.Config!.Instances[0].Resolve(result.Config.Global);
        Assert.Equal((AuthenticationType.None, TimeSpan.Zero, false), (resolved.Authentication, resolved.PreemptDelay, resolved.Accept));
        Assert.Equal(3, result.Diagnostics.Count(d => d.Severity == Severity.Warning));
    }

    [Fact]
    public void an_instance_without_interface_or_unicast_peers_is_an_error()
    {
        var d = Single("vrrp_instance VI_1 {\n    virtual_router_id 1\n    virtual_ipaddress {\n        192.0.2.1\n    }\n}",
            DiagnosticCodes.MissingRequired, Severity.Error);
        Assert.Contains("Unknown interface", d.Message, StringComparison.Ordinal);
    }
}
