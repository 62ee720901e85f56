namespace EsHa.Domain.Config.Lint;

/// <summary>Mark rules from iptables text: command lines as an operator types them ("iptables -t mangle -A PREROUTING
/// ... -j MARK --set-mark 6") and iptables-save output ("*mangle" sections of "-A" lines).</summary>
public static class IptablesRules
{
    private static readonly HashSet<string> Commands = new(StringComparer.Ordinal)
    {
        "iptables", "ip6tables", "iptables-legacy", "ip6tables-legacy", "iptables-nft", "ip6tables-nft",
    };

    /// <summary>Chains whose marks IPVS never sees: it takes packets at LOCAL_IN (after PREROUTING and INPUT's
    /// mangle) and at LOCAL_OUT for the host's own; forwarded and outgoing packets are past it.</summary>
    private static readonly HashSet<string> ChainsPastIpvs = new(StringComparer.Ordinal) { "FORWARD", "POSTROUTING" };

    /// <param name="source">the file as the operator named it, or the command that printed the text</param>
    public static ParsedRules Parse(string text, string source)
    {
        var rules = new List<MarkRule>();
        var notes = new List<LintFinding>();
        var sectionTable = "filter";
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var origin = new RuleOrigin(source, i + 1);
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith(':') || line == "COMMIT")
            {
                continue;
            }

            if (line.StartsWith('*'))
            {
                sectionTable = line[1..].Trim();
                continue;
            }

            ReadLine(line, sectionTable, origin, rules, notes);
        }

        return new ParsedRules(rules, notes);
    }

    private static void ReadLine(string line, string sectionTable, RuleOrigin origin, List<MarkRule> rules, List<LintFinding> notes)
    {
        var words = ShellWords.Split(line)?.ToList();
        if (words is null)
        {
            notes.Add(Unparsed(origin, "a quote is not closed"));
            return;
        }

        if (words is ["sudo", ..])
        {
            words.RemoveAt(0);
        }

        // iptables-save -c writes each rule's counters first: "[12:3456] -A PREROUTING ...".
        if (words is [var counters, ..] && counters.StartsWith('[') && counters.EndsWith(']'))
        {
            words.RemoveAt(0);
        }

        var table = sectionTable;
        if (words is [var program, ..] && Commands.Contains(program[(program.LastIndexOf('/') + 1)..]))
        {
            words.RemoveAt(0);
            table = "filter";
        }
        else if (words is not [['-', ..], ..])
        {
            notes.Add(Unparsed(origin, "not an iptables command or iptables-save rule"));
            return;
        }

        var rule = IptablesRuleWords.Read(words, table);
        if (rule.OtherCommand)
        {
            return;
        }

        if (rule.Chain is null)
        {
            notes.Add(Unparsed(origin, "no -A or -I: it adds no rule"));
            return;
        }

        if (rule.Target == "MARK")
        {
            ReadMark(rule, origin, rules, notes);
        }
    }

    private static void ReadMark(IptablesRuleWords rule, RuleOrigin origin, List<MarkRule> rules, List<LintFinding> notes)
    {
        if (rule.MarkAction is not ({ } option, { } argument) || !MarkNumber.TryParseWithMask(argument, out var value, out var mask))
        {
            notes.Add(Unparsed(origin, "-j MARK without a mark EsHa can read (--set-mark N[/MASK], --set-xmark N/MASK)"));
            return;
        }

        if (ChainsPastIpvs.Contains(rule.Chain!))
        {
            notes.Add(new LintFinding(origin.ToString(), LintSeverity.Note, LintCodes.RuleNotReachingIpvs,
                $"this rule sets mark {value} in {rule.Chain}, after IPVS has chosen a service: no virtual_server sees it"));
            return;
        }

        // Each of these leaves 'value' on a packet that arrived with mark 0 (and 0 for --and-mark); with a mask or
        // an earlier mark the result depends on what the packet carried, which a linter cannot know.
        var mark = option == "--and-mark" ? 0 : value;
        if (option is not ("--set-mark" or "--set-xmark") || mask != MarkNumber.MaskAll)
        {
            notes.Add(new LintFinding(origin.ToString(), LintSeverity.Note, LintCodes.RuleAssumesUnmarked,
                $"{option} {argument}: taken as mark {mark}, which is what a packet that arrives unmarked leaves with"));
        }

        rules.Add(new MarkRule(origin, RuleSyntax.Iptables, mark, rule.Destinations, rule.DestinationNegated,
            rule.Protocol, rule.Ports, rule.InInterface));
    }

    private static LintFinding Unparsed(RuleOrigin origin, string why) =>
        new(origin.ToString(), LintSeverity.Note, LintCodes.RuleUnparsed, $"rule not read: {why}");
}
