using System.Globalization;
using System.Net;

namespace EsHa.Domain.Config.Binding;

/// <summary>Strict address syntax, as inet_pton(3) reads it: IPv4 only as four decimal octets (IPAddress.Parse
/// would also take "10.1" or "192.168.100."), IPv6 in any RFC 4291 form. Normalised to the canonical text.</summary>
public static class IpText
{
    public static bool TryParseAddress(string text, out string normalized)
    {
        normalized = text;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (!text.Contains('%', StringComparison.Ordinal) && IPAddress.TryParse(text, out var v6)
                && v6.GetAddressBytes().Length == 16)
            {
                normalized = v6.ToString();
                return true;
            }

            return false;
        }

        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit)
                || int.Parse(part, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        normalized = string.Join('.', parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)));
        return true;
    }

    /// <summary>224.0.0.0/4 or ff00::/8.</summary>
    public static bool IsMulticast(IPAddress address) =>
        address.IsIPv6Multicast || address.GetAddressBytes() is [>= 224 and <= 239, _, _, _];

    /// <summary>"ADDR" or "ADDR/PREFIX" with a prefix valid for the family.</summary>
    public static bool TryParseWithPrefix(string text, out string address, out int? prefix)
    {
        prefix = null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!TryParseAddress(slash < 0 ? text : text[..slash], out address))
        {
            return false;
        }

        if (slash < 0)
        {
            return true;
        }

        var max = address.Contains(':', StringComparison.Ordinal) ? 128 : 32;
        if (int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && bits <= max)
        {
            prefix = bits;
            return true;
        }

        return false;
    }
}
