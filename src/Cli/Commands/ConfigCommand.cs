using System.CommandLine;
using EsHa.Domain.Config.Diff;

namespace EsHa.Cli.Commands;

/// <summary>esha config diff OLD NEW: what would behave differently. Exit 0: no difference; 1: differences;
/// 2: a file could not be read.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var before = new Argument<string>("old") { Description = "the configuration in force" };
        var after = new Argument<string>("new") { Description = "the configuration to compare with it" };
        var configId = new Option<string?>("--config-id", "-i") { Description = "the id '@ID' lines match (default: short host name)" };
        var diff = new Command("diff", "Show the semantic difference between two keepalived configurations.") { before, after, configId };
        diff.SetAction(result => Run(result.GetValue(before)!, result.GetValue(after)!, result.GetValue(configId)));
        return new Command("config", "Work with keepalived configurations.") { diff };
    }

    private static int Run(string before, string after, string? configId)
    {
        var old = ConfigInput.Load(before, configId, null);
        var @new = ConfigInput.Load(after, configId, null);
        if (old.Config is null || @new.Config is null)
        {
            foreach (var d in old.Diagnostics.Concat(@new.Diagnostics).Where(d => d.At is null))
            {
                Console.Error.WriteLine(d);
            }

            return 2;
        }

        var changes = ConfigDiff.Compare(old.Config, @new.Config);
        foreach (var change in changes)
        {
            Console.WriteLine(change);
        }

        Console.WriteLine(changes.Count == 0 ? "no behavioural difference" : $"{changes.Count} difference(s)");
        return changes.Count == 0 ? 0 : 1;
    }
}
