using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Config.Syntax;

namespace EsHa.Domain.Config.Binding;

/// <summary>virtual_server_group lines: IP[/prefix] [PORT], A.B.C.D-E [PORT], or fwmark N.</summary>
internal static class VirtualServerGroupBinder
{
    public static VirtualServerGroup Bind(string name, ConfigNode block, BindContext c)
    {
        var entries = new List<VirtualServerGroupEntry>();
        foreach (var line in block.Lines ?? [])
        {
            if (Entry(line, c) is { } entry)
            {
                entries.Add(entry);
            }
        }

        if (entries.Count == 0)
        {
            c.Diagnostics.Warning(block.EndAt ?? block.At, DiagnosticCodes.Ignored, $"virtual server group {name} has no entries - keepalived removes it");
        }

        return new VirtualServerGroup { Name = name, Entries = entries, At = block.At };
    }

    /// <summary>keepalived's alloc_vsg_entry checks: no /0, no host bits under the mask, a range that goes up
    /// within the last part of the address.</summary>
    private static string? Problem(string address, int? prefix, string? rangeEnd)
    {
        var bytes = System.Net.IPAddress.Parse(address).GetAddressBytes();
        if (prefix is { } bits)
        {
            if (bits == 0)
            {
                return "has a /0 prefix";
            }

            for (var bit = bits; bit < bytes.Length * 8; bit++)
            {
                if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0)
                {
                    return "has host bits set under its prefix";
                }
            }
        }

        if (rangeEnd is null)
        {
            return null;
        }

        var ipv6 = bytes.Length == 16;
        var last = ipv6 ? (bytes[14] << 8) | bytes[15] : bytes[3];
        var ok = int.TryParse(rangeEnd, ipv6 ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var end);
        return ok && end > last && end <= (ipv6 ? 0xffff : 255) ? null : "is not a range going up within the address's last part";
    }

    private static VirtualServerGroupEntry? Entry(RawLine line, BindContext c)
    {
        var words = line.Words;
        if (words[0] == "fwmark")
        {
            if (words.Length > 1 && uint.TryParse(words[1], out var mark))
            {
                return new VirtualServerGroupEntry(null, null, null, null, mark, line.At);
            }

            c.Diagnostics.Error(line.At, DiagnosticCodes.BadValue, "virtual_server_group: fwmark needs a number");
            return null;
        }

        var text = words[0];
        string? rangeEnd = null;
        var dash = text.LastIndexOf('-');
        if (dash > 0)
        {
            rangeEnd = text[(dash + 1)..];
            text = text[..dash];
        }

        if (!IpText.TryParseWithPrefix(text, out var address, out var prefix))
        {
            c.Diagnostics.Error(line.At, DiagnosticCodes.BadValue, $"virtual_server_group: '{words[0]}' is not an address, prefix or range");
            return null;
        }

        if (Problem(address, prefix, rangeEnd) is { } problem)
        {
            c.Diagnostics.Error(line.At, DiagnosticCodes.BadValue, $"virtual_server_group: '{words[0]}' {problem} - keepalived skips it");
            return null;
        }

        int? port = words.Length > 1 ? c.Port(words[1], line.At, "virtual_server_group") : null;
        return new VirtualServerGroupEntry(address, prefix, rangeEnd, port, null, line.At);
    }
}
