using EsHa.Domain.Config.Model;

namespace EsHa.Domain.Config.Lint;

/// <summary>Firewall marks against the services that wait for them: a fwmark virtual server no rule feeds gets no
/// traffic at all (the mistake behind the seed's fwmark-iptables.txt), a mark no service takes goes nowhere, and
/// marked ports the real servers are not given are forwarded but never health-checked.</summary>
public static class FwmarkCrossCheck
{
    public static IEnumerable<LintFinding> Check(IReadOnlyList<FwmarkService> services, IReadOnlyList<MarkRule> rules)
    {
        if (services.Count == 0)
        {
            yield return new LintFinding(null, LintSeverity.Note, LintCodes.NoFwmarkServices,
                "no virtual_server takes traffic by firewall mark: the mark rules were not cross-checked");
            yield break;
        }

        var servedMarks = services.Select(s => s.Mark).ToHashSet();
        var starved = services.Where(s => rules.All(r => r.Mark != s.Mark)).ToList();
        foreach (var service in starved)
        {
            yield return new LintFinding(service.At.ToString(), LintSeverity.Error, LintCodes.FwmarkStarved,
                $"{service.Name} gets no traffic: no rule sets mark {service.Mark}" + StarvedHints.Explain(starved.Count, rules, servedMarks),
                StarvedHints.Suggest(service, starved.Count, rules, servedMarks));
        }

        foreach (var rule in rules.Where(r => !servedMarks.Contains(r.Mark)))
        {
            yield return new LintFinding(rule.Origin.ToString(), LintSeverity.Warning, LintCodes.MarkUnused,
                $"this rule sets mark {rule.Mark} ({rule.Describe()}), but no virtual_server takes fwmark {rule.Mark}");
        }

        foreach (var service in services)
        {
            if (UncheckedPorts(service, rules) is { } finding)
            {
                yield return finding;
            }
        }
    }

    /// <summary>Ports a service's rules mark that none of its real servers is given: DR and TUN deliver them
    /// unchanged and unchecked, NAT rewrites them to the real server's port.</summary>
    private static LintFinding? UncheckedPorts(FwmarkService service, IReadOnlyList<MarkRule> rules)
    {
        var realPorts = service.Server.RealServers.Select(r => r.Port ?? 0).Distinct().ToList();
        if (realPorts.Count == 0 || realPorts.Contains(0))
        {
            return null;
        }

        var feeding = rules.Where(r => r.Mark == service.Mark).ToList();
        var marked = feeding.SelectMany(r => r.Ports.Select(p => (Rule: r, Port: p)))
            .Where(p => !realPorts.Any(port => p.Port == port.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        if (marked.Count == 0)
        {
            return null;
        }

        var ports = string.Join(',', marked.Select(p => p.Port).Distinct());
        var origins = marked.Select(p => p.Rule.Origin).Distinct().ToList();
        var marking = origins.Count == 1 ? $"the rule at {origins[0]} also marks" : $"the rules at {RuleOrigin.List(origins)} also mark";
        var given = string.Join(',', realPorts);
        var consequence = service.Server.ForwardingMethod == ForwardingMethod.Nat
            ? $"NAT sends that traffic to port {given}"
            : $"the real servers get it on {ports} unchanged, but the health checks test only {given}";
        return new LintFinding(service.At.ToString(), LintSeverity.Note, LintCodes.FwmarkPorts,
            $"{service.Name}'s real servers are given port {given}, but {marking} port {ports}: {consequence}");
    }
}
