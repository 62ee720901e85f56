using EsHa.Domain.Config.Binding;
using EsHa.Domain.Config.Model;

namespace EsHa.Domain.Config.Lint;

/// <summary>Direct routing as seen from one host. A DR real server receives packets still addressed to the VIP, so it
/// must hold the VIP (or drop them) and must not answer ARP for it (or it takes the director's traffic): the VIP on
/// lo or a NOARP device, arp_ignore ≥ 1 (answer only for addresses of the asking device) and arp_announce ≥ 2 (never
/// use the VIP as the source of its own ARP requests). Only real servers that are this host can be checked here.</summary>
public static class DrSanity
{
    private const int ArpIgnoreMin = 1;
    private const int ArpAnnounceMin = 2;

    public static IReadOnlyList<LintFinding> Check(KeepalivedConfig config, IReadOnlyList<MarkRule> rules, HostNetworkFacts host)
    {
        var findings = new List<LintFinding>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var server in config.VirtualServers)
        {
            var vips = VipsOf(server, config, rules);
            foreach (var vip in vips.Where(v => host.InterfaceOf(v) is { } device && host.AnswersArp(device)))
            {
                if (server.RealServers.Any(r => Method(server, r) == ForwardingMethod.DirectRouting) && reported.Add("director " + vip))
                {
                    findings.Add(new LintFinding(server.At.ToString(), LintSeverity.Note, LintCodes.DrDirector,
                        $"this host holds VIP {vip} on {host.InterfaceOf(vip)}: it is the director here; DR settings are checked on the real servers"));
                }
            }

            foreach (var real in server.RealServers.Where(r => Method(server, r) == ForwardingMethod.DirectRouting))
            {
                CheckRealServer(server, real, vips, host, findings, reported);
            }
        }

        return findings;
    }

    private static void CheckRealServer(VirtualServer server, RealServer real, IReadOnlyList<string> vips, HostNetworkFacts host,
        List<LintFinding> findings, HashSet<string> reported)
    {
        var where = real.At.ToString();
        var address = Normalize(real.Address);
        if (host.InterfaceOf(address) is not { } device)
        {
            if (reported.Add("remote " + address))
            {
                findings.Add(new LintFinding(where, LintSeverity.Note, LintCodes.DrNotLocal,
                    $"{address} is not on this host: DR settings not checked (run esha lint there)"));
            }

            return;
        }

        if (vips.Count == 0 && reported.Add($"vip? {server.Describe()}"))
        {
            findings.Add(new LintFinding(where, LintSeverity.Note, LintCodes.DrVipUnknown,
                $"real server {address} is this host, but the VIP of virtual_server {server.Describe()} is not known "
                + "(no mark rule names a single destination): where the VIP is was not checked"));
        }

        foreach (var vip in vips.Where(v => reported.Add($"vip {address} {v}")))
        {
            var vipDevice = host.InterfaceOf(vip);
            if (vipDevice is null)
            {
                findings.Add(new LintFinding(where, LintSeverity.Error, LintCodes.DrVipMissing,
                    $"real server {address} is this host, but it does not hold VIP {vip}: it drops what the director forwards by DR",
                    $"ip addr add {vip}/{(vip.Contains(':', StringComparison.Ordinal) ? 128 : 32)} dev lo"));
            }
            else if (host.AnswersArp(vipDevice))
            {
                findings.Add(new LintFinding(where, LintSeverity.Error, LintCodes.DrVipAnswersArp,
                    $"real server {address} holds VIP {vip} on {vipDevice}, which answers ARP: it competes with the director for the VIP's traffic",
                    "put the VIP on lo or a dummy device instead"));
            }
        }

        if (!address.Contains(':', StringComparison.Ordinal) && reported.Add("arp " + address))
        {
            CheckArp(where, address, device, host, findings);
        }
    }

    private static void CheckArp(string where, string address, string device, HostNetworkFacts host, List<LintFinding> findings)
    {
        var ignore = HostNetworkFacts.Effective(host.ArpIgnore, device);
        var announce = HostNetworkFacts.Effective(host.ArpAnnounce, device);
        if (ignore is null || announce is null)
        {
            findings.Add(new LintFinding(where, LintSeverity.Note, LintCodes.DrArpUnreadable,
                $"real server {address} is this host, but net.ipv4.conf.{{all,{device}}}.arp_ignore/arp_announce could not be read: not checked"));
            return;
        }

        if (ignore < ArpIgnoreMin)
        {
            findings.Add(new LintFinding(where, LintSeverity.Error, LintCodes.DrArpIgnore,
                $"real server {address}: arp_ignore is {ignore} (the larger of net.ipv4.conf.all and .{device}), so {device} answers ARP "
                + "for every address of this host, the VIP included, and takes the director's traffic",
                $"sysctl -w net.ipv4.conf.all.arp_ignore={ArpIgnoreMin}"));
        }

        if (announce < ArpAnnounceMin)
        {
            findings.Add(new LintFinding(where, LintSeverity.Warning, LintCodes.DrArpAnnounce,
                $"real server {address}: arp_announce is {announce} (the larger of net.ipv4.conf.all and .{device}), so its ARP requests "
                + "may carry the VIP as sender and teach neighbours to send the VIP's traffic here",
                $"sysctl -w net.ipv4.conf.all.arp_announce={ArpAnnounceMin}"));
        }
    }

    private static ForwardingMethod Method(VirtualServer server, RealServer real) => real.ForwardingMethod ?? server.ForwardingMethod;

    /// <summary>The VIPs of a service: its address, its group's addresses, or the single destinations its marks are
    /// set for (a fwmark service names no address of its own).</summary>
    private static IReadOnlyList<string> VipsOf(VirtualServer server, KeepalivedConfig config, IReadOnlyList<MarkRule> rules)
    {
        IEnumerable<string> MarkedFor(uint mark) => rules.Where(r => r.Mark == mark).SelectMany(r => r.HostDestinations());
        var vips = server.Key switch
        {
            { Kind: VirtualServerKind.Address, Address: { } address } => [address],
            { Kind: VirtualServerKind.Fwmark, Fwmark: { } mark } => MarkedFor(mark),
            { Kind: VirtualServerKind.Group, Group: { } name } => config.VirtualServerGroups.Where(g => g.Name == name)
                .SelectMany(g => g.Entries)
                .SelectMany(e => e.Fwmark is { } mark ? MarkedFor(mark)
                    : e.Address is { } a && e.PrefixLength is null && e.RangeEnd is null ? [a] : []),
            _ => [],
        };
        return vips.Select(Normalize).Distinct(StringComparer.Ordinal).ToList();
    }

    private static string Normalize(string address) => IpText.TryParseAddress(address, out var canonical) ? canonical : address;
}
