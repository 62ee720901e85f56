using System.CommandLine;
using EsHa.Domain.Config.Lint;
using EsHa.Domain.Config.Model;
using EsHa.Node.Linux.Lint;
using EsHa.Projections.ConfigReport;

namespace EsHa.Cli.Commands;

/// <summary>esha lint: fwmark virtual servers against the mark rules (live nftables / iptables, or files), and DR
/// sanity for real servers that are this host. Exit codes as check-config's: 0 no errors (warnings and notes
/// allowed); 1 errors; 2 a configuration or rules file could not be read.</summary>
internal static class LintCommand
{
    public static Command Create()
    {
        var files = new Option<string[]>("--file", "-f")
        {
            Description = "a keepalived.conf to lint (repeatable: files of one node read together)", Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var rules = new Option<string[]>("--rules")
        {
            Description = "read mark rules from this file instead of the live ruleset (repeatable; nft ruleset, iptables-save or iptables commands)",
            AllowMultipleArgumentsPerToken = false,
        };
        var noLive = new Option<bool>("--no-live") { Description = "do not read the live rules (nft list ruleset, iptables-save)" };
        var noHostChecks = new Option<bool>("--no-host-checks") { Description = "do not check this host's DR settings (VIP on lo, arp_ignore, arp_announce)" };
        var json = new Option<bool>("--json") { Description = "print the rules read and the findings as JSON" };
        var configId = new Option<string?>("--config-id", "-i") { Description = "the id '@ID' lines match (default: short host name)" };
        var root = new Option<string?>("--root") { Description = "resolve the configuration's absolute paths under this folder" };
        var command = new Command("lint", "Cross-check fwmark virtual servers against the firewall's mark rules, and DR real servers against this host.")
        {
            files, rules, noLive, noHostChecks, json, configId, root,
        };
        command.SetAction(result => Run(new Request(result.GetValue(files)!, result.GetValue(rules) ?? [], !result.GetValue(noLive),
            !result.GetValue(noHostChecks), result.GetValue(json), result.GetValue(configId), result.GetValue(root))));
        return command;
    }

    private sealed record Request(string[] Files, string[] RuleFiles, bool Live, bool HostChecks, bool Json, string? ConfigId, string? Root);

    private static int Run(Request request)
    {
        var configs = new List<KeepalivedConfig>();
        var notes = new List<LintFinding>();
        foreach (var file in request.Files)
        {
            var loaded = ConfigInput.Load(file, request.ConfigId, request.Root);
            if (loaded.Config is null)
            {
                loaded.Diagnostics.ToList().ForEach(Console.Error.WriteLine);
                return 2;
            }

            configs.Add(loaded.Config);
            if (loaded.HasErrors)
            {
                notes.Add(new LintFinding(file, LintSeverity.Note, LintCodes.ConfigHasErrors,
                    $"this configuration has errors of its own, which lint does not repeat (esha check-config -f {file})"));
            }
        }

        if (ReadRules(request, notes) is not { } sources)
        {
            return 2;
        }

        var config = Linter.Merge(configs);
        var host = request.HostChecks ? LinuxHostNetwork.Read() : null;
        var findings = Linter.Run(config, sources, notes, host);
        var markRules = sources.SelectMany(s => s.Rules).ToList();
        if (request.Json)
        {
            Console.WriteLine(LintJson.Serialize(new LintReport(markRules, findings)));
        }
        else
        {
            foreach (var line in LintText.Lines(findings, markRules.Count, sources.Count))
            {
                Console.WriteLine(line);
            }
        }

        return findings.Any(f => f.Severity == LintSeverity.Error) ? 1 : 0;
    }

    /// <returns>the sources read; null when a rules file named on the command line cannot be read</returns>
    private static List<ParsedRules>? ReadRules(Request request, List<LintFinding> notes)
    {
        var sources = new List<ParsedRules>();
        foreach (var file in request.RuleFiles)
        {
            try
            {
                sources.Add(MarkRulesText.Parse(File.ReadAllText(file), file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"{file}: cannot read rules file: {e.Message}");
                return null;
            }
        }

        if (request.RuleFiles.Length > 0)
        {
            return sources;
        }

        if (!request.Live)
        {
            notes.Add(new LintFinding(null, LintSeverity.Note, LintCodes.RulesSource, "--no-live and no --rules: no mark rules read"));
            return sources;
        }

        var (live, liveNotes) = LiveMarkRules.Read();
        notes.AddRange(liveNotes);
        sources.AddRange(live);
        return sources;
    }
}
