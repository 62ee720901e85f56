namespace EsHa.Domain.Config.Lint;

/// <summary>Stable codes of `esha lint` findings: scripts and tests match on these, so a code never changes meaning.</summary>
public static class LintCodes
{
    // Firewall marks against fwmark virtual servers.
    public const string FwmarkStarved = "fwmark-starved";
    public const string MarkUnused = "mark-unused";
    public const string FwmarkPorts = "fwmark-ports";
    public const string NoFwmarkServices = "no-fwmark-services";

    // Reading the mark rules.
    public const string RuleUnparsed = "rule-unparsed";
    public const string RuleNotReachingIpvs = "rule-not-reaching-ipvs";
    public const string RuleAssumesUnmarked = "rule-assumes-unmarked";
    public const string RulesUnavailable = "rules-unavailable";
    public const string RulesSource = "rules-source";

    // Direct routing on this host.
    public const string DrVipMissing = "dr-vip-missing";
    public const string DrVipAnswersArp = "dr-vip-answers-arp";
    public const string DrArpIgnore = "dr-arp-ignore";
    public const string DrArpAnnounce = "dr-arp-announce";
    public const string DrVipUnknown = "dr-vip-unknown";
    public const string DrNotLocal = "dr-not-local";
    public const string DrArpUnreadable = "dr-arp-unreadable";
    public const string DrDirector = "dr-director";

    // The configuration itself.
    public const string ConfigHasErrors = "config-has-errors";
}
