using System.Globalization;

namespace EsHa.Domain.Config.Lint;

/// <summary>Mark values and masks as iptables and nft write them: decimal or 0x-prefixed hexadecimal, 32 bits.</summary>
public static class MarkNumber
{
    public const uint MaskAll = 0xffffffff;

    public static bool TryParse(string text, out uint value)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return uint.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>"6", "0x6", "6/0xff" or "0x6/0xffffffff": the value and the mask (all bits when none is written).</summary>
    public static bool TryParseWithMask(string text, out uint value, out uint mask)
    {
        mask = MaskAll;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return TryParse(text, out value);
        }

        return TryParse(text[..slash], out value) & TryParse(text[(slash + 1)..], out mask);
    }
}
