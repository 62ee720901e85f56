using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Config.Syntax;

namespace EsHa.Domain.Config.Binding;

internal static class GlobalDefsBinder
{
    /// <summary>max_auto_priority without a value: sched_get_priority_max(SCHED_RR) on Linux.</summary>
    private const int MaxAutoPriorityBare = 99;

    public static GlobalDefs Bind(ConfigNode block, BindContext c)
    {
        var g = new GlobalDefs { At = block.At };
        var map = new SourceMap(block.Children?.Count ?? 0);
        foreach (var n in block.Children ?? [])
        {
            map.Set(n);
            g = n.Keyword switch
            {
                "router_id" => g with { RouterId = c.Word(n) },
                "vrrp_version" => g with { VrrpVersion = c.Int(n) ?? g.VrrpVersion },
                "vrrp_mcast_group4" => g with { VrrpMcastGroup4 = Multicast(n, c, ipv6: false) ?? g.VrrpMcastGroup4 },
                "vrrp_mcast_group6" => g with { VrrpMcastGroup6 = Multicast(n, c, ipv6: true) ?? g.VrrpMcastGroup6 },
                "script_user" => g with { ScriptUser = c.Word(n), ScriptGroup = n.Arg(1) },
                "enable_script_security" => g with { EnableScriptSecurity = c.On(n) },
                "notify_fifo" => g with { NotifyFifo = Fifo(n, c, g.NotifyFifo) },
                "notify_fifo_script" => g with { NotifyFifo = FifoScript(n, c, g.NotifyFifo) },
                "vrrp_notify_fifo" => g with { VrrpNotifyFifo = Fifo(n, c, g.VrrpNotifyFifo) },
                "vrrp_notify_fifo_script" => g with { VrrpNotifyFifo = FifoScript(n, c, g.VrrpNotifyFifo) },
                "lvs_notify_fifo" => g with { LvsNotifyFifo = Fifo(n, c, g.LvsNotifyFifo) },
                "lvs_notify_fifo_script" => g with { LvsNotifyFifo = FifoScript(n, c, g.LvsNotifyFifo) },
                "vrrp_garp_master_delay" => g with { VrrpGarpMasterDelay = c.Seconds(n) ?? g.VrrpGarpMasterDelay },
                "vrrp_garp_master_repeat" => g with { VrrpGarpMasterRepeat = c.Int(n) ?? g.VrrpGarpMasterRepeat },
                "vrrp_garp_master_refresh" => g with { VrrpGarpMasterRefresh = c.Seconds(n) ?? g.VrrpGarpMasterRefresh },
                "vrrp_garp_master_refresh_repeat" => g with
                {
                    VrrpGarpMasterRefreshRepeat = c.Int(n) ?? g.VrrpGarpMasterRefreshRepeat,
                },
                "vrrp_garp_lower_prio_delay" => g with { VrrpGarpLowerPrioDelay = c.Seconds(n) },
                "vrrp_garp_lower_prio_repeat" => g with { VrrpGarpLowerPrioRepeat = c.Int(n) },
                "vrrp_garp_interval" => g with { VrrpGarpInterval = c.Timer(n) ?? g.VrrpGarpInterval },
                "vrrp_gna_interval" => g with { VrrpGnaInterval = c.Timer(n) ?? g.VrrpGnaInterval },
                "vrrp_lower_prio_no_advert" => g with { VrrpLowerPrioNoAdvert = c.Flag(n) },
                "vrrp_higher_prio_send_advert" => g with { VrrpHigherPrioSendAdvert = c.Flag(n) },
                "max_auto_priority" => g with { MaxAutoPriority = n.Args.Count == 0 ? MaxAutoPriorityBare : c.Int(n) },
                "vrrp_strict" => g with { VrrpStrict = true },
                "vrrp_skip_check_adv_addr" => g with { VrrpSkipCheckAdvAddr = c.On(n) },
                "vrrp_check_unicast_src" => g with { VrrpCheckUnicastSrc = true },
                "notification_email" => g with
                {
                    NotificationEmail = (n.Lines ?? []).SelectMany(l => l.Words).ToList(),
                },
                "notification_email_from" => g with { NotificationEmailFrom = c.Word(n) },
                "smtp_server" => g with { SmtpServer = c.Word(n), SmtpPort = SmtpPort(n, c) ?? g.SmtpPort },
                "smtp_helo_name" => g with { SmtpHeloName = c.Word(n) },
                "smtp_connect_timeout" => g with { SmtpConnectTimeout = c.Seconds(n) ?? g.SmtpConnectTimeout },
                "smtp_alert" => g with { SmtpAlert = c.Flag(n) },
                "smtp_alert_vrrp" => g with { SmtpAlertVrrp = c.Flag(n) },
                "smtp_alert_checker" => g with { SmtpAlertChecker = c.Flag(n) },
                "include_check" => g,
                _ => map.Carry(g, c, n, "global_defs"),
            };
        }

        return g with { Sources = map.Sources, Carried = map.Carried };
    }


    /// <summary>A multicast address of the family the keyword names; keepalived keeps its default otherwise.</summary>
    private static string? Multicast(ConfigNode n, BindContext c, bool ipv6)
    {
        if (c.Word(n) is not { } word || c.Address(word, n.At, n.Keyword) is not { } address)
        {
            return null;
        }

        var parsed = System.Net.IPAddress.Parse(address);
        if (IpText.IsMulticast(parsed) && parsed.GetAddressBytes().Length == (ipv6 ? 16 : 4))
        {
            return address;
        }

        c.Diagnostics.Error(n.At, DiagnosticCodes.BadValue,
            $"{n.Keyword} {word} is not an IPv{(ipv6 ? 6 : 4)} multicast address - keepalived keeps its default");
        return null;
    }

    private static int? SmtpPort(ConfigNode n, BindContext c) =>
        n.Arg(1) is { } port ? c.Port(port, n.At, "smtp_server port") : null;

    /// <summary>notify_fifo PATH [username [groupname]].</summary>
    private static FifoSetting? Fifo(ConfigNode n, BindContext c, FifoSetting? current) =>
        c.Word(n) is { } path ? new FifoSetting(path, current?.Script, n.Arg(1)) : current;

    private static FifoSetting? FifoScript(ConfigNode n, BindContext c, FifoSetting? current) =>
        c.Script(n) is { } script ? (current ?? new FifoSetting("", null, null)) with { Script = script.CommandLine } : current;
}
