using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Config.Syntax;

namespace EsHa.Domain.Config.Binding;

/// <summary>virtual_ipaddress lines. keepalived skips a line whose address it cannot read.</summary>
internal static class VirtualIps
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal)
    {
        "home", "-nodad", "nodad", "noprefixroute", "mngtmpaddr", "autojoin",
    };

    public static IEnumerable<VirtualIpAddress> Read(ConfigNode node, BindContext c)
    {
        foreach (var line in node.Lines ?? [])
        {
            if (Parse(line, node.Keyword, c) is { } vip)
            {
                yield return vip;
            }
        }
    }

    private static VirtualIpAddress? Parse(RawLine line, string block, BindContext c)
    {
        var words = line.Words;
        if (!IpText.TryParseWithPrefix(words[0], out var address, out var prefix))
        {
            c.Diagnostics.Error(line.At, DiagnosticCodes.BadValue,
                $"{block}: '{words[0]}' is not an IP address[/prefix]; keepalived skips this address");
            return null;
        }

        var vip = new VirtualIpAddress { Address = address, PrefixLength = prefix, At = line.At };
        var options = new List<string>();
        for (var i = 1; i < words.Length; i++)
        {
            var word = words[i];
            var value = i + 1 < words.Length ? words[i + 1] : null;
            switch (word)
            {
                case "brd" or "dev" or "scope" or "label" or "peer" or "preferred_lft" when value is not null:
                    i++;
                    vip = word switch
                    {
                        "brd" => vip with { Broadcast = value },
                        "dev" => vip with { Device = value },
                        "scope" => vip with { Scope = value },
                        "label" => vip with { Label = value },
                        "peer" => vip with { Peer = value },
                        _ => vip,
                    };
                    if (word == "preferred_lft")
                    {
                        options.AddRange([word, value]);
                    }

                    break;
                case "no_track":
                    vip = vip with { NoTrack = true };
                    break;
                case var flag when Flags.Contains(flag):
                    options.Add(flag);
                    break;
                default:
                    c.Diagnostics.Warning(line.At, DiagnosticCodes.Ignored,
                        $"unknown configuration entry '{word}' for ip address {address} - keepalived ignores it");
                    break;
            }
        }

        return vip with { Options = options };
    }
}
