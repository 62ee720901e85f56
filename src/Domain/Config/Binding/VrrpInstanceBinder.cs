using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Config.Syntax;

namespace EsHa.Domain.Config.Binding;

internal static class VrrpInstanceBinder
{
    public static VrrpInstance Bind(string name, ConfigNode block, BindContext c)
    {
        var v = new VrrpInstance { Name = name, At = block.At };
        var map = new SourceMap(block.Children?.Count ?? 0);
        foreach (var n in block.Children ?? [])
        {
            map.Set(n);
            v = n.Keyword switch
            {
                "state" => State(v, n, c),
                "interface" => v with { Interface = c.Word(n) },
                "virtual_router_id" => v with { VirtualRouterId = c.Int(n) },
                "priority" => v with { Priority = c.Int(n) ?? v.Priority },
                "strict_mode" => v with { StrictMode = c.Flag(n) },
                "unicast_fault_no_peer" => v with { UnicastFaultNoPeer = true },
                "advert_int" => v with { AdvertInterval = c.Timer(n) ?? v.AdvertInterval },
                "version" => v with { Version = c.Int(n) },
                "nopreempt" => v with { NoPreempt = true },
                "preempt" => v with { NoPreempt = false },
                "preempt_delay" => v with { PreemptDelay = c.Timer(n) },
                "authentication" => v with { Authentication = AuthenticationOf(n, c) },
                "virtual_ipaddress" => v with
                {
                    VirtualIpAddresses = [.. v.VirtualIpAddresses, .. VirtualIps.Read(n, c, FamilyOf(v))],
                },
                "virtual_ipaddress_excluded" => v with
                {
                    ExcludedVirtualIpAddresses = [.. v.ExcludedVirtualIpAddresses, .. VirtualIps.Read(n, c, family: null)],
                },
                "virtual_routes" => Routes(v, n, c),
                "virtual_rules" => Rules(v, n, c),
                "unicast_src_ip" => v with { UnicastSrcIp = Address(n, c) },
                "unicast_peer" => v with { UnicastPeers = [.. v.UnicastPeers, .. UnicastPeers(n, c)] },
                "mcast_src_ip" => v with { McastSrcIp = Address(n, c) },
                "track_interface" => v with { TrackInterfaces = [.. v.TrackInterfaces, .. TrackedObjects.Read(n, c, v.TrackInterfaces)] },
                "track_script" => v with { TrackScripts = [.. v.TrackScripts, .. TrackedObjects.Read(n, c, v.TrackScripts)] },
                "track_file" => v with { TrackFiles = [.. v.TrackFiles, .. TrackedObjects.Read(n, c, v.TrackFiles)] },
                "notify" => v with { Notify = c.First(v.Notify, n, c.Script) },
                "notify_master" => v with { NotifyMaster = c.First(v.NotifyMaster, n, c.Script) },
                "notify_backup" => v with { NotifyBackup = c.First(v.NotifyBackup, n, c.Script) },
                "notify_fault" => v with { NotifyFault = c.First(v.NotifyFault, n, c.Script) },
                "notify_stop" => v with { NotifyStop = c.First(v.NotifyStop, n, c.Script) },
                "notify_master_rx_lower_pri" => v with { NotifyMasterRxLowerPri = c.First(v.NotifyMasterRxLowerPri, n, c.Script) },
                "garp_master_delay" => v with { GarpMasterDelay = c.Seconds(n) },
                "garp_master_repeat" => v with { GarpMasterRepeat = c.Int(n) },
                "garp_master_refresh" => v with { GarpMasterRefresh = c.Seconds(n) },
                "garp_master_refresh_repeat" => v with { GarpMasterRefreshRepeat = c.Int(n) },
                "accept" => v with { Accept = true },
                "no_accept" => v with { Accept = false },
                "use_vmac" => v with { UseVmac = n.Arg(0) ?? "" },
                "dont_track_primary" => v with { DontTrackPrimary = true },
                "lower_prio_no_advert" => v with { LowerPrioNoAdvert = c.Flag(n) },
                "higher_prio_send_advert" => v with { HigherPrioSendAdvert = c.Flag(n) },
                "down_timer_adverts" => v with { DownTimerAdverts = c.Int(n) ?? v.DownTimerAdverts },
                "smtp_alert" => v with { SmtpAlert = c.Flag(n) },
                "lvs_sync_daemon_interface" => Deprecated(v, map, c, n,
                    $"({name}) Specifying lvs_sync_daemon_interface against a vrrp is deprecated. Please use global lvs_sync_daemon"),
                "linkbeat_use_polling" => Deprecated(v, map, c, n,
                    $"({name}) 'linkbeat_use_polling' in vrrp instance deprecated - use linkbeat_interfaces block"),
                "vmac_garp_intvl" => Deprecated(v, map, c, n, "vmac_garp_intvl is deprecated - please use garp_extra_if"),
                _ => map.Carry(v, c, n, "vrrp_instance"),
            };
        }

        return v with { Sources = map.Sources, Carried = map.Carried };
    }

    private static bool? FamilyOf(VrrpInstance v) => v.VirtualIpAddresses.Count == 0 ? null : v.IsIpv6;

    private static VrrpInstance Routes(VrrpInstance v, ConfigNode n, BindContext c)
    {
        RouteRuleChecks.Routes(n, c, tracked: true);
        return v with { VirtualRoutes = [.. v.VirtualRoutes, BindContext.Carry(n)] };
    }

    private static VrrpInstance Rules(VrrpInstance v, ConfigNode n, BindContext c)
    {
        RouteRuleChecks.Rules(n, c);
        return v with { VirtualRules = [.. v.VirtualRules, BindContext.Carry(n)] };
    }

    private static VrrpInstance State(VrrpInstance v, ConfigNode n, BindContext c)
    {
        switch (c.Word(n))
        {
            case "MASTER":
                return v with { State = InitialState.Master };
            case "BACKUP":
                if (v.State == InitialState.Master)
                {
                    c.Diagnostics.Warning(n.At, DiagnosticCodes.ConflictResolved,
                        $"({v.Name}) state previously set as MASTER - keepalived ignores BACKUP");
                    return v;
                }

                return v with { State = InitialState.Backup };
            case { } other:
                c.Diagnostics.Error(n.At, DiagnosticCodes.BadValue,
                    $"({v.Name}) unknown state '{other}': keepalived defaults to BACKUP", "use MASTER or BACKUP");
                return v;
            default:
                return v;
        }
    }

    private static Authentication? AuthenticationOf(ConfigNode block, BindContext c)
    {
        var type = AuthenticationType.None;
        string? password = null;
        SourceLocation? passwordAt = null;
        foreach (var n in block.Children ?? [])
        {
            if (n.Keyword == "auth_pass")
            {
                password = c.Word(n);
                passwordAt = n.At;
                continue;
            }

            type = c.Word(n) switch
            {
                "PASS" => AuthenticationType.Pass,
                "AH" => AuthenticationType.Ah,
                null => type,
                var other => Unknown(c, n, other),
            };
        }

        return new Authentication(type, password, block.At) { PasswordAt = passwordAt };
    }

    private static AuthenticationType Unknown(BindContext c, ConfigNode n, string word)
    {
        c.Diagnostics.Error(n.At, DiagnosticCodes.BadValue, $"unknown authentication type '{word}'", "use PASS or AH");
        return AuthenticationType.None;
    }

    private static string? Address(ConfigNode n, BindContext c) =>
        c.Word(n) is { } word ? c.Address(word, n.At, n.Keyword) : null;

    /// <summary>unicast_peer lines: ADDRESS [min_ttl N] [max_ttl N].</summary>
    private static IEnumerable<UnicastPeer> UnicastPeers(ConfigNode node, BindContext c)
    {
        foreach (var line in node.Lines ?? [])
        {
            if (c.Address(line.Words[0], line.At, "unicast_peer") is not { } address)
            {
                continue;
            }

            int? min = null, max = null;
            var skip = false;
            for (var i = 1; i < line.Words.Length && !skip; i += 2)
            {
                var option = line.Words[i];
                var value = i + 1 < line.Words.Length && int.TryParse(line.Words[i + 1], out var v) && v is >= 0 and <= 255 ? v : (int?)null;
                skip = option is not ("min_ttl" or "max_ttl") || value is null;
                if (skip)
                {
                    c.Diagnostics.Error(line.At, DiagnosticCodes.BadValue,
                        $"unicast_peer {address}: '{option}{(i + 1 < line.Words.Length ? " " + line.Words[i + 1] : "")}' is not understood - keepalived skips this peer",
                        "the form is: ADDRESS [min_ttl 0-255] [max_ttl 0-255]");
                }
                else if (option == "min_ttl")
                {
                    min = value;
                }
                else
                {
                    max = value;
                }
            }

            if (!skip)
            {
                yield return new UnicastPeer(address, min, max, line.At);
            }
        }
    }


    private static VrrpInstance Deprecated(VrrpInstance v, SourceMap map, BindContext c, ConfigNode n, string message)
    {
        map.Sources.Remove(n.Keyword);
        c.Diagnostics.Warning(n.At, DiagnosticCodes.Deprecated, message);
        map.Carried.Add(BindContext.Carry(n));
        return v;
    }

}
