namespace EsHa.Domain.Config.Lint;

/// <summary>The parts of one iptables rule that decide which packets get which mark, read from its words
/// (iptables' own command line, or an iptables-save "-A" line).</summary>
internal sealed class IptablesRuleWords
{
    private static readonly HashSet<string> OtherCommands = new(StringComparer.Ordinal)
    {
        "-D", "--delete", "-R", "--replace", "-N", "--new-chain", "-P", "--policy", "-F", "--flush", "-X",
        "--delete-chain", "-Z", "--zero", "-L", "--list", "-S", "--list-rules", "-E", "--rename-chain", "-C", "--check",
    };

    private static readonly HashSet<string> MarkOptions = new(StringComparer.Ordinal)
    {
        "--set-mark", "--set-xmark", "--or-mark", "--and-mark", "--xor-mark",
    };

    public string Table { get; private set; } = "filter";

    /// <summary>The chain a rule is appended or inserted to; null when the words add no rule.</summary>
    public string? Chain { get; private set; }

    /// <summary>The words are another iptables command (delete, flush, policy...), which adds no rule.</summary>
    public bool OtherCommand { get; private set; }

    public List<string> Destinations { get; } = [];

    public bool DestinationNegated { get; private set; }

    public string? Protocol { get; private set; }

    public List<string> Ports { get; } = [];

    public string? InInterface { get; private set; }

    public string? Target { get; private set; }

    /// <summary>"--set-mark" and its argument "6" or "0x6/0xffffffff".</summary>
    public (string Option, string Argument)? MarkAction { get; private set; }

    public static IptablesRuleWords Read(IReadOnlyList<string> words, string table)
    {
        var rule = new IptablesRuleWords { Table = table };
        var negateNext = false;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word == "!")
            {
                negateNext = true;
                continue;
            }

            string? Next() => i + 1 < words.Count ? words[++i] : null;
            rule.Take(word, Next, negateNext);
            negateNext = false;
        }

        return rule;
    }

    private void Take(string word, Func<string?> next, bool negated)
    {
        switch (word)
        {
            case "-t" or "--table":
                Table = next() ?? Table;
                break;
            case "-A" or "--append" or "-I" or "--insert":
                Chain = next();
                break;
            case "-d" or "--destination" or "--dst":
                var destination = next();
                // iptables before 1.4.3 wrote the negation after the option: "-d ! 10.0.0.1".
                DestinationNegated = negated || destination == "!";
                destination = destination == "!" ? next() : destination;
                Destinations.AddRange((destination ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
                    .Select(MarkRule.NormalizeDestination));
                break;
            case "-p" or "--protocol":
                Protocol = next()?.ToLowerInvariant();
                break;
            case "--dport" or "--destination-port" or "--dports" or "--destination-ports":
                var ports = (next() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Replace(':', '-'));
                // "! --dport 22" marks every port but these: for what the lint compares, that is any port.
                Ports.AddRange(negated ? [] : ports);
                break;
            case "-i" or "--in-interface":
                InInterface = (negated ? "!" : "") + next();
                break;
            case "-j" or "--jump" or "-g" or "--goto":
                Target = next();
                break;
            case "-m" or "--match":
                next();
                break;
            case var _ when MarkOptions.Contains(word):
                MarkAction = (word, next() ?? "");
                break;
            case var _ when OtherCommands.Contains(word):
                OtherCommand = true;
                break;
            default:
                // Another option (-s, --sport, --comment...) or its argument: neither says where the mark goes.
                break;
        }
    }
}
