using EsHa.Domain.Config.Model;

namespace EsHa.Domain.Config.Lint;

/// <summary>`esha lint` without its IO: the configuration, the mark rules that could be read, and (when the host was
/// looked at) the host's network facts in; findings out, errors first, each group in the order found.</summary>
public static class Linter
{
    /// <param name="ruleSources">every source of rules that could be read (files, the live ruleset); empty when
    /// none could, and then the marks are not cross-checked</param>
    /// <param name="sourceNotes">what the caller could not read, or chose not to</param>
    /// <param name="host">null: the host was not looked at (--no-host-checks)</param>
    public static IReadOnlyList<LintFinding> Run(KeepalivedConfig config, IReadOnlyList<ParsedRules> ruleSources,
        IReadOnlyList<LintFinding> sourceNotes, HostNetworkFacts? host)
    {
        var rules = ruleSources.SelectMany(s => s.Rules).ToList();
        var findings = new List<LintFinding>(sourceNotes);
        findings.AddRange(ruleSources.SelectMany(s => s.Notes));
        var services = FwmarkService.In(config);
        if (ruleSources.Count > 0)
        {
            findings.AddRange(FwmarkCrossCheck.Check(services, rules));
        }
        else if (services.Count > 0)
        {
            findings.Add(new LintFinding(null, LintSeverity.Warning, LintCodes.RulesUnavailable,
                $"no mark rules could be read: {string.Join(", ", services.Select(s => s.Name))} not cross-checked",
                "give the rules with --rules FILE"));
        }

        if (host is not null)
        {
            findings.AddRange(DrSanity.Check(config, rules, host));
        }

        return [.. findings.OrderBy(f => f.Severity)];
    }

    /// <summary>Several files read as one configuration (the seed's fwmark-6.conf and fwmark-7.conf are separate
    /// files of one node): their virtual servers and groups side by side.</summary>
    public static KeepalivedConfig Merge(IReadOnlyList<KeepalivedConfig> configs) => configs.Count == 1
        ? configs[0]
        : new KeepalivedConfig
        {
            VirtualServers = [.. configs.SelectMany(c => c.VirtualServers)],
            VirtualServerGroups = [.. configs.SelectMany(c => c.VirtualServerGroups)],
            Instances = [.. configs.SelectMany(c => c.Instances)],
            Files = [.. configs.SelectMany(c => c.Files)],
        };
}
