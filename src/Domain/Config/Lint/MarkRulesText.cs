namespace EsHa.Domain.Config.Lint;

/// <summary>Reads a rules file of either language: an nft ruleset (or nft commands), else iptables command lines or
/// iptables-save output. The first line that is not blank or a comment decides.</summary>
public static class MarkRulesText
{
    public static ParsedRules Parse(string text, string source) =>
        LooksLikeNft(text) ? NftRuleset.Parse(text, source) : IptablesRules.Parse(text, source);

    public static bool LooksLikeNft(string text)
    {
        var first = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
        var words = first?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return words is ["table" or "flush" or "define" or "include" or "destroy", ..]
            or ["add" or "insert" or "delete" or "create", "rule" or "table" or "chain" or "set" or "map" or "element", ..]
            or ["nft", ..];
    }
}
