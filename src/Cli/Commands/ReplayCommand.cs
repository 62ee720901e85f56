using System.CommandLine;
using System.Globalization;
using EsHa.Node.Forensics;
using EsHa.Projections.Forensics;

namespace EsHa.Cli.Commands;

/// <summary>
/// esha replay (--journal PATH... | --store CONNSTRING) --at T [--json]: every node, instance, VIP and LVS table at T.
/// esha replay ... --config NODE=FILE... [--from T] [--to T] [--json]: what-if: the recorded inputs of the window fed
/// through the domain with another configuration, and how its VIP handovers differ from what happened.
/// Exit 0, 1 on a malformed option or an unusable configuration, 2 when a journal or the store cannot be read.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var source = new ForensicsSource();
        var at = new Option<string?>("--at") { Description = "the state at this wall-clock time (ISO 8601)" };
        var configs = new Option<string[]>("--config") { Description = "what-if: NODE=FILE, the configuration a node runs in the replay (repeatable)" };
        var from = new Option<string?>("--from") { Description = "what-if: replay from this time (default: the first start in the journals)" };
        var to = new Option<string?>("--to") { Description = "what-if: until this time (default: the last record; later lets the replay run on)" };
        var json = new Option<bool>("--json") { Description = "one JSON document" };
        var command = new Command("replay", "The state at a time, or what would have happened with another configuration.") { at, configs, from, to, json };
        source.AddTo(command);
        command.Validators.Add(r =>
        {
            if (r.GetValue(at) is null == (r.GetValue(configs) ?? []).Length is 0)
            {
                r.AddError("give either --at T (the state then) or --config NODE=FILE (what-if)");
            }
        });
        command.SetAction(r =>
        {
            if (!TimelineCommand.Time(r.GetValue(at), "--at", out var when) || !TimelineCommand.Time(r.GetValue(from), "--from", out var start)
                || !TimelineCommand.Time(r.GetValue(to), "--to", out var end) || Overrides(r.GetValue(configs) ?? []) is not { } overrides)
            {
                return 1;
            }

            if (when is { } t)
            {
                if (source.StateAt(r, t) is not { } snapshot)
                {
                    return 2;
                }

                Console.Write(r.GetValue(json) ? ReplayOutput.Json(snapshot) : ReplayOutput.Text(snapshot));
                return 0;
            }

            if (source.Read(r) is not { } entries)
            {
                return 2;
            }

            if (entries.Count == 0)
            {
                Console.Error.WriteLine("no records to replay");
                return 1;
            }

            try
            {
                var run = WhatIf.Run(entries, overrides, start, end);
                // Handovers from every record (a VIP's instances are known from their starts, before any window),
                // then those of the window.
                var diff = HandoverDiff.Compare(
                    [.. VipHandovers.Of(entries).Where(h => h.At >= run.From && h.At <= run.To)],
                    [.. VipHandovers.Of(run.Replayed).Where(h => h.At <= run.To)]);
                var why = Explanations(entries, run, diff);
                Console.Write(r.GetValue(json) ? ReplayOutput.Json(run, diff, why) : ReplayOutput.Text(run, diff, why));
                return 0;
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
        });
        return command;
    }

    private static Dictionary<string, string>? Overrides(string[] configs)
    {
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in configs)
        {
            var parts = text.Split('=', 2);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                Console.Error.WriteLine($"--config: \"{text}\" is not NODE=FILE");
                return null;
            }

            if (!File.Exists(parts[1]))
            {
                Console.Error.WriteLine($"--config {parts[0]}: {parts[1]}: no such file");
                return null;
            }

            overrides[parts[0]] = parts[1];
        }

        return overrides;
    }

    /// <summary>For each handover that differs, its why-chain where it happened: in the replay for one that is added
    /// or shifted, in the journals for one that is removed.</summary>
    private static Dictionary<HandoverComparison, string> Explanations(IReadOnlyList<TimelineEntry> recorded, WhatIfRun run, IReadOnlyList<HandoverComparison> diff)
    {
        var why = new Dictionary<HandoverComparison, string>();
        foreach (var c in diff.Where(d => d.Change != HandoverChange.Same))
        {
            var (entries, handover) = c.Replayed is { } replayed ? (run.Replayed, replayed) : (recorded, c.Recorded!);
            if (WhyChains.For(entries, handover.Vip, h => h.At == handover.At && h.To == handover.To) is [var move, ..])
            {
                why[c] = WhyChains.Sentence(move);
            }
        }

        return why;
    }

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
