using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using EsHa.Projections.Forensics;

namespace EsHa.Cli.Commands;

/// <summary>esha why (--journal PATH... | --store CONNSTRING) --vip IP [--at T] [--json]: for the VIP's move nearest T (or every move with
/// --all, or the last one), the chain from root cause to effect across nodes. Exit 0, 1 on a malformed option or when
/// the VIP never moved, 2 when a journal or the store cannot be read.</summary>
internal static class WhyCommand
{
    public static Command Create()
    {
        var source = new ForensicsSource();
        var vip = new Option<string>("--vip") { Description = "the VIP whose moves to explain", Required = true };
        var at = new Option<string?>("--at") { Description = "explain the move nearest this wall-clock time (ISO 8601); default: the last" };
        var all = new Option<bool>("--all") { Description = "explain every move" };
        var json = new Option<bool>("--json") { Description = "a list of moves, each with at, vip, from, to and chain" };
        var command = new Command("why", "Why did the VIP move? The causal chain across nodes.") { vip, at, all, json };
        source.AddTo(command);
        command.SetAction(r => Run(r, source, r.GetValue(vip)!, r.GetValue(at), r.GetValue(all), r.GetValue(json)));
        return command;
    }

    private static int Run(ParseResult result, ForensicsSource source, string vip, string? at, bool all, bool json)
    {
        if (!IPAddress.TryParse(vip, out var address))
        {
            Console.Error.WriteLine($"--vip: \"{vip}\" is not an IP address");
            return 1;
        }

        if (!TimelineCommand.Time(at, "--at", out var when))
        {
            return 1;
        }

        // The store answers from the records around each move, not its whole history (see StoreWhy).
        var chosen = result.GetValue(source.Store) is { } store ? StoreWhy.Moves(store, address, when, all)
            : source.Read(result) is { } entries ? Choose(WhyChains.For(entries, address), when, all)
            : null;
        if (chosen is null)
        {
            return 2;
        }

        if (chosen.Count == 0)
        {
            Console.Error.WriteLine($"{vip} did not move in these journals");
            return 1;
        }

        Console.Write(json ? Json(chosen) : string.Concat(chosen.Select(m => WhyChains.Sentence(m) + "\n")));
        return 0;
    }

    private static IReadOnlyList<VipMove> Choose(IReadOnlyList<VipMove> moves, DateTimeOffset? when, bool all) =>
        all || moves.Count == 0 ? moves
        : when is { } t ? [moves.MinBy(m => (m.At - t).Duration())!]
        : [moves[^1]];

    private static string Json(IReadOnlyList<VipMove> moves)
    {
        return JsonText.Indented(w =>
        {
            w.WriteStartArray();
            foreach (var m in moves)
            {
                w.WriteStartObject();
                w.WriteString("at", m.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                w.WriteString("vip", m.Vip.ToString());
                w.WriteString("from", m.From);
                w.WriteString("to", m.To);
                w.WriteStartArray("chain");
                foreach (var l in m.Chain)
                {
                    w.WriteStartObject();
                    w.WriteString("node", l.Node);
                    w.WriteNumber("sequence", l.Sequence);
                    w.WriteString("time", l.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                    w.WriteString("type", l.Type);
                    w.WriteString("sentence", l.Sentence);
                    w.WriteBoolean("inferred", l.Inferred);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }) + "\n";
    }
}
