using System.Globalization;

namespace EsHa.Domain.Config.Lint;

/// <summary>Mark rules from an nftables ruleset as `nft list ruleset` (or `nft -a list ruleset`, with handles)
/// prints it, or as a file for `nft -f` holds it; also one-line "add rule" / "insert rule" commands.</summary>
public static class NftRuleset
{
    /// <summary>Hooks whose marks come too late for IPVS, which picks a service at LOCAL_IN and LOCAL_OUT.</summary>
    private static readonly HashSet<string> HooksPastIpvs = new(StringComparer.Ordinal) { "forward", "postrouting" };

    private static readonly HashSet<string> Families = new(StringComparer.Ordinal)
    {
        "ip", "ip6", "inet", "arp", "bridge", "netdev",
    };

    private static readonly HashSet<string> TopLevelWords = new(StringComparer.Ordinal)
    {
        "flush", "define", "include", "delete", "destroy", "create", "add", "insert", "list", "reset", "table",
    };

    /// <param name="source">the file as the operator named it, or "nft ruleset" for the live one</param>
    /// <param name="byHandle">name rules "SOURCE, table ip mangle chain prerouting, handle N" (the live ruleset,
    /// whose line numbers mean nothing to anyone) rather than "SOURCE:LINE"</param>
    public static ParsedRules Parse(string text, string source, bool byHandle = false)
    {
        var walk = new Walk(source, byHandle);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            walk.Line(lines[i], i + 1);
        }

        return new ParsedRules(walk.Rules, walk.Notes);
    }

    private sealed class Walk(string source, bool byHandle)
    {
        private string? _table;
        private string? _chain;
        private string? _hook;
        private int _skippedDepth;
        private string? _pendingRule;
        private int _pendingLine;

        public List<MarkRule> Rules { get; } = [];

        public List<LintFinding> Notes { get; } = [];

        public void Line(string raw, int number)
        {
            var (text, handle) = WithoutComment(raw);
            if (_pendingRule is not null)
            {
                text = _pendingRule + " " + text;
                number = _pendingLine;
                _pendingRule = null;
            }

            if (text.Length == 0)
            {
                return;
            }

            if (_skippedDepth > 0)
            {
                _skippedDepth += Depth(text);
                return;
            }

            if (Depth(text) > 0 && _chain is not null && !text.EndsWith('{'))
            {
                // A rule whose anonymous set goes on to the next line.
                (_pendingRule, _pendingLine) = (text, number);
                return;
            }

            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (_table is null)
            {
                TopLevel(words, text, number);
            }
            else if (_chain is null)
            {
                InTable(words, text);
            }
            else
            {
                InChain(words, text, number, handle);
            }
        }

        private void TopLevel(string[] words, string text, int number)
        {
            // Commands copied from a shell: "nft add rule ...".
            words = [.. words.SkipWhile(w => w is "sudo" or "nft")];
            switch (words)
            {
                case ["table", _, .., "{"]:
                    var named = words[1..^1];
                    _table = named.Length == 1 ? $"ip {named[0]}" : string.Join(' ', named);
                    break;
                case ["add" or "insert", "rule", _, _, _, ..]:
                    // add rule [FAMILY] TABLE CHAIN STATEMENTS: the family may be left out (then it is ip).
                    var hasFamily = words.Length > 5 && Families.Contains(words[2]) && !KnownStatementStart(words[4]);
                    var at = hasFamily ? 3 : 2;
                    (_table, _chain, _hook) = ($"{(hasFamily ? words[2] : "ip")} {words[at]}", words[at + 1], null);
                    Rule(string.Join(' ', words[(at + 2)..]), number, null);
                    (_table, _chain) = (null, null);
                    break;
                case [var first, ..] when TopLevelWords.Contains(first):
                    break;
                default:
                    Notes.Add(Unparsed(new RuleOrigin(source, number), $"\"{text}\" is not an nft command or table"));
                    break;
            }
        }

        private void InTable(string[] words, string text)
        {
            switch (words)
            {
                case ["}"]:
                    _table = null;
                    break;
                case ["chain", var name, "{"]:
                    (_chain, _hook) = (name, null);
                    break;
                default:
                    // Sets, maps, flowtables and other objects: skip their blocks whole.
                    _skippedDepth = Math.Max(0, Depth(text));
                    break;
            }
        }

        private void InChain(string[] words, string text, int number, long? handle)
        {
            switch (words)
            {
                case ["}"]:
                    _chain = null;
                    break;
                case ["type", ..]:
                    var hook = Array.IndexOf(words, "hook");
                    _hook = hook >= 0 && hook + 1 < words.Length ? words[hook + 1] : null;
                    break;
                case ["policy" or "comment" or "devices" or "device", ..]:
                    break;
                default:
                    Rule(text, number, handle);
                    break;
            }
        }

        private void Rule(string text, int number, long? handle)
        {
            var read = NftRuleWords.Read(text);
            if (!read.SetsMark)
            {
                return;
            }

            var place = $"table {_table} chain {_chain}";
            var origin = byHandle && handle is not null ? new RuleOrigin(source, number, place, handle) : new RuleOrigin(source, number);
            if (read.Problem is not null || read.Mark is not { } mark)
            {
                Notes.Add(Unparsed(origin, read.Problem ?? "the mark set is not a number"));
                return;
            }

            if (_hook is { } hook && HooksPastIpvs.Contains(hook))
            {
                Notes.Add(new LintFinding(origin.ToString(), LintSeverity.Note, LintCodes.RuleNotReachingIpvs,
                    $"this rule sets mark {mark} in a {hook} chain, after IPVS has chosen a service: no virtual_server sees it"));
                return;
            }

            if (read.MarkExpression is { } expression)
            {
                Notes.Add(new LintFinding(origin.ToString(), LintSeverity.Note, LintCodes.RuleAssumesUnmarked,
                    $"meta mark set {expression}: taken as mark {mark}, which is what a packet that arrives unmarked leaves with"));
            }

            Rules.Add(new MarkRule(origin, RuleSyntax.Nftables, mark, read.Destinations, read.DestinationNegated,
                read.Protocol, read.Ports, read.InInterface));
        }

        private static bool KnownStatementStart(string word) =>
            word is "ip" or "ip6" or "tcp" or "udp" or "sctp" or "meta" or "mark" or "iifname" or "iif" or "ct" or "th";

        private static int Depth(string text) => text.Count(c => c == '{') - text.Count(c => c == '}');

        /// <summary>Cuts a '#' comment (outside quotes) and reads nft's "# handle N" from it.</summary>
        private static (string Text, long? Handle) WithoutComment(string raw)
        {
            var quoted = false;
            for (var i = 0; i < raw.Length; i++)
            {
                quoted = raw[i] == '"' ? !quoted : quoted;
                if (raw[i] == '#' && !quoted)
                {
                    var comment = raw[(i + 1)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    long? handle = comment is ["handle", var n, ..]
                        && long.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? h : null;
                    return (raw[..i].Trim(), handle);
                }
            }

            return (raw.Trim(), null);
        }
    }

    private static LintFinding Unparsed(RuleOrigin origin, string why) =>
        new(origin.ToString(), LintSeverity.Note, LintCodes.RuleUnparsed, $"rule not read: {why}");
}
