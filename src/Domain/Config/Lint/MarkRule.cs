using EsHa.Domain.Config.Binding;

namespace EsHa.Domain.Config.Lint;

/// <summary>The language a rule was written in, so that a suggestion can be written in it too.</summary>
public enum RuleSyntax
{
    Iptables,
    Nftables,
}

/// <summary>A firewall rule that sets a packet's mark: what traffic it matches and the mark the packet leaves with.
/// Empty lists and nulls mean "any" (no such match in the rule).</summary>
/// <param name="Destinations">addresses as written, "/32" and "/128" dropped ("192.168.126.100", "10.0.0.0/24")</param>
/// <param name="Ports">destination ports, ranges as "80-90"</param>
public sealed record MarkRule(
    RuleOrigin Origin,
    RuleSyntax Syntax,
    uint Mark,
    IReadOnlyList<string> Destinations,
    bool DestinationNegated,
    string? Protocol,
    IReadOnlyList<string> Ports,
    string? InInterface)
{
    /// <summary>"192.168.126.100", "10.0.0.7,10.0.0.8", "not 10.0.0.1", or "any address".</summary>
    public string DestinationText => Destinations.Count == 0
        ? "any address"
        : (DestinationNegated ? "not " : "") + string.Join(',', Destinations);

    /// <summary>"tcp 80,443", "tcp", "port 53" or "" when the rule matches any protocol and port.</summary>
    public string TrafficText => (Protocol, Ports.Count) switch
    {
        (null, 0) => "",
        (null, _) => "port " + string.Join(',', Ports),
        (_, 0) => Protocol,
        _ => $"{Protocol} {string.Join(',', Ports)}",
    };

    /// <summary>What the rule matches, for people: "192.168.126.100 tcp 80,443 on eth0".</summary>
    public string Describe()
    {
        var text = TrafficText.Length == 0 ? DestinationText : $"{DestinationText} {TrafficText}";
        return InInterface is null ? text : $"{text} on {InInterface}";
    }

    /// <summary>How this rule's own language would set <paramref name="mark"/>.</summary>
    public string SetMarkText(uint mark) => Syntax == RuleSyntax.Iptables ? $"--set-mark {mark}" : $"meta mark set {mark}";

    /// <summary>The single addresses this rule marks traffic to (a destination that is one host), for finding VIPs.</summary>
    public IEnumerable<string> HostDestinations() => DestinationNegated
        ? []
        : Destinations.Where(d => !d.Contains('/', StringComparison.Ordinal) && IpText.TryParseAddress(d, out _));

    /// <summary>"192.168.126.100/32" → "192.168.126.100" (a host prefix adds nothing); anything else as written.</summary>
    public static string NormalizeDestination(string text)
    {
        if (!IpText.TryParseWithPrefix(text, out var address, out var prefix))
        {
            return text;
        }

        var hostPrefix = address.Contains(':', StringComparison.Ordinal) ? 128 : 32;
        return prefix is null || prefix == hostPrefix ? address : $"{address}/{prefix}";
    }
}

/// <summary>What reading one source of rules gave: the mark rules, and notes on what could not be read or does not
/// reach IPVS (never an exception).</summary>
public sealed record ParsedRules(IReadOnlyList<MarkRule> Rules, IReadOnlyList<LintFinding> Notes)
{
    public static ParsedRules Empty { get; } = new([], []);
}
