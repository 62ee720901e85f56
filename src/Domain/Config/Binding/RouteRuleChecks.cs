using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Syntax;

namespace EsHa.Domain.Config.Binding;

/// <summary>What keepalived says about route and rule lines, which EsHa carries without acting on them yet.</summary>
internal static class RouteRuleChecks
{
    private static readonly HashSet<string> PreferenceWords = new(StringComparer.Ordinal)
    {
        "preference", "prio", "priority", "pref", "order",
    };

    /// <param name="tracked">virtual_routes are tracked (their interface watched); static_routes are not.</param>
    public static void Routes(ConfigNode node, BindContext c, bool tracked)
    {
        foreach (var line in node.Lines ?? [])
        {
            var words = line.Words;
            if (words.Contains("or"))
            {
                c.Diagnostics.Warning(line.At, DiagnosticCodes.Deprecated, "\"or\" for routes is deprecated. Please use \"nexthop\"");
            }

            if (words.Contains("gw"))
            {
                c.Diagnostics.Warning(line.At, DiagnosticCodes.Deprecated, "\"gw\" for routes is deprecated. Please use \"via\"");
            }

            if (tracked && !words.Contains("dev") && !words.Contains("no_track"))
            {
                var destination = words.FirstOrDefault(w => w.Contains('.', StringComparison.Ordinal) || w.Contains(':', StringComparison.Ordinal)) ?? words[0];
                c.Diagnostics.Warning(line.At, DiagnosticCodes.Ignored,
                    $"cannot track route {destination} with no interface specified, not tracking", "add 'dev IFNAME' or 'no_track'");
            }
        }
    }

    public static void Rules(ConfigNode node, BindContext c)
    {
        foreach (var line in node.Lines ?? [])
        {
            var words = line.Words;
            if (!words.Any(PreferenceWords.Contains))
            {
                c.Diagnostics.Warning(line.At, DiagnosticCodes.MissingRequired,
                    "rule has no preference specified: keepalived picks one, which is probably not what you want");
            }

            for (var i = 0; i + 1 < words.Length; i++)
            {
                if (words[i] is "from" or "to" && words[i + 1] != "all" && !IpText.TryParseWithPrefix(words[i + 1], out _, out _))
                {
                    c.Diagnostics.Error(line.At, DiagnosticCodes.BadValue,
                        $"invalid rule {words[i]} address '{words[i + 1]}': keepalived skips this rule");
                }
            }
        }
    }
}
