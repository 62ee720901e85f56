using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Config.Syntax;

namespace EsHa.Domain.Config.Binding;

/// <summary>virtual_ipaddress lines, as keepalived 2.2.7's parse_ipaddress() and alloc_vrrp_vip() read them:
/// ADDR[/PREFIX] [dev IF] [scope S] [brd|broadcast X] [label L] [peer P] [home] [-nodad] [mngtmpaddr]
/// [noprefixroute] [autojoin] [no_track] [preferred_lft N] [use_vmac]. A line keepalived skips is an error here.</summary>
internal static class VirtualIps
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal)
    {
        "home", "-nodad", "mngtmpaddr", "noprefixroute", "autojoin", "use_vmac",
    };

    private static readonly HashSet<string> Valued = new(StringComparer.Ordinal)
    {
        "dev", "scope", "brd", "broadcast", "label", "peer", "preferred_lft",
    };

    /// <param name="family">the instance's address family so far: null until its first address (true: IPv6)</param>
    public static IEnumerable<VirtualIpAddress> Read(ConfigNode node, BindContext c, bool? family)
    {
        foreach (var line in node.Lines ?? [])
        {
            if (Parse(line, node.Keyword, c) is not { } vip)
            {
                continue;
            }

            if (family is { } ipv6 && ipv6 != vip.IsIpv6)
            {
                c.Diagnostics.Error(line.At, DiagnosticCodes.BadValue,
                    $"{node.Keyword}: {vip.Address} is not of the instance's address family - keepalived ignores it");
                continue;
            }

            family = vip.IsIpv6;
            yield return vip;
        }
    }

    private static VirtualIpAddress? Parse(RawLine line, string block, BindContext c)
    {
        var words = line.Words;
        if (Address(words[0], line, block, c) is not { } vip)
        {
            return null;
        }

        var options = new List<string>();
        for (var i = 1; i < words.Length; i++)
        {
            var word = words[i];
            if (Valued.Contains(word))
            {
                if (i + 1 >= words.Length)
                {
                    c.Diagnostics.Error(line.At, DiagnosticCodes.MissingArgument,
                        $"no {word} parameter specified for {words[0]} - keepalived skips this address");
                    return null;
                }

                vip = With(vip, word, words[++i], options);
            }
            else if (word == "no_track")
            {
                vip = vip with { NoTrack = true };
            }
            else if (Flags.Contains(word))
            {
                options.Add(word);
            }
            else
            {
                c.Diagnostics.Warning(line.At, DiagnosticCodes.Ignored,
                    $"unknown configuration entry '{word}' for ip address {vip.Address} - keepalived ignores it");
            }
        }

        return FamilyChecks(vip with { Options = options }, words[0], line, c);
    }

    /// <summary>ADDR[/PREFIX]; a prefix keepalived cannot read is replaced by the full length, with its message.</summary>
    private static VirtualIpAddress? Address(string word, RawLine line, string block, BindContext c)
    {
        var slash = word.IndexOf('/', StringComparison.Ordinal);
        if (!IpText.TryParseAddress(slash < 0 ? word : word[..slash], out var address))
        {
            c.Diagnostics.Error(line.At, DiagnosticCodes.BadValue, $"{block}: '{word}' is not an IP address - keepalived skips it");
            return null;
        }

        var vip = new VirtualIpAddress { Address = address, At = line.At };
        if (slash >= 0)
        {
            var max = vip.IsIpv6 ? 128 : 32;
            if (!IpText.TryParseWithPrefix(word, out _, out var prefix))
            {
                c.Diagnostics.Warning(line.At, DiagnosticCodes.BadValue,
                    $"invalid address prefix len {word[(slash + 1)..]} for address {address} - keepalived uses {max}");
                prefix = max;
            }

            vip = vip with { PrefixLength = prefix };
        }

        return vip;
    }

    private static VirtualIpAddress With(VirtualIpAddress vip, string word, string value, List<string> options) => word switch
    {
        "dev" => vip with { Device = value },
        "scope" => vip with { Scope = value },
        "brd" or "broadcast" => vip with { Broadcast = value },
        "label" => vip with { Label = value },
        "peer" => vip with { Peer = value },
        _ => Option(vip, options, word, value),
    };

    private static VirtualIpAddress Option(VirtualIpAddress vip, List<string> options, string word, string value)
    {
        options.AddRange([word, value]);
        return vip;
    }

    /// <summary>IPv6 addresses have no broadcast (keepalived drops the address), scope or label (it drops those).</summary>
    private static VirtualIpAddress? FamilyChecks(VirtualIpAddress vip, string written, RawLine line, BindContext c)
    {
        if (!vip.IsIpv6)
        {
            return vip;
        }

        if (vip.Broadcast is not null)
        {
            c.Diagnostics.Error(line.At, DiagnosticCodes.BadValue,
                $"a broadcast address for the IPv6 address {written} - keepalived skips this address");
            return null;
        }

        if (vip.Scope is not null || vip.Label is not null)
        {
            c.Diagnostics.Warning(line.At, DiagnosticCodes.Ignored,
                $"IPv6 addresses take no scope or label ({written}) - keepalived ignores them");
            return vip with { Scope = null, Label = null };
        }

        return vip;
    }
}
