using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using EsHa.Node.Forensics;
using EsHa.Projections.Forensics;

namespace EsHa.Cli.Commands;

/// <summary>esha why (--journal PATH... | --store CONNSTRING) (--vip IP | --rs IP:PORT) [--at T | --all] [--json]: for the
/// VIP's move (or the real server's change) nearest T, or every one with --all, or the last one, the chain from root
/// cause to effect across nodes. Exit 0, 1 on a malformed option or when nothing changed, 2 when a journal or the
/// store cannot be read.</summary>
internal static class WhyCommand
{
    public static Command Create()
    {
        var source = new ForensicsSource();
        var vip = new Option<string?>("--vip") { Description = "the VIP whose moves to explain" };
        var rs = new Option<string?>("--rs") { Description = "instead: the real server (IP:PORT) whose health changes to explain" };
        var at = new Option<string?>("--at") { Description = "explain the move nearest this wall-clock time (ISO 8601); default: the last" };
        var all = new Option<bool>("--all") { Description = "explain every move" };
        var json = new Option<bool>("--json") { Description = "a list of moves, each with at, vip, from, to and chain" };
        var command = new Command("why", "Why did the VIP move (or the real server go down)? The causal chain across nodes.") { vip, rs, at, all, json };
        source.AddTo(command);
        command.Validators.Add(r =>
        {
            if (r.GetValue(vip) is null == r.GetValue(rs) is null)
            {
                r.AddError("give either --vip IP or --rs IP:PORT");
            }
        });
        command.SetAction(r => r.GetValue(rs) is { } server
            ? WhyRealServer.Run(r, source, server, r.GetValue(at), r.GetValue(all), r.GetValue(json))
            : Run(r, source, r.GetValue(vip)!, r.GetValue(at), r.GetValue(all), r.GetValue(json)));
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

        IReadOnlyList<VipMove>? chosen;
        if (result.GetValue(source.Store) is { } store)
        {
            // The store answers from the records around each move, not its whole history (see StoreWhy).
            chosen = StoreWhy.Moves(store, address, when, all);
        }
        else
        {
            // Journals: one move through the VIP index and a window around it (see WhyQuery); every move, or journals
            // without the index (Indexed.Moves null), from all of their records.
            var indexed = all ? null : source.OverJournals(result, journals => new Indexed(WhyQuery.Explain(journals, address, when)));
            if (!all && indexed is null)
            {
                return 2;
            }

            chosen = indexed?.Moves
                ?? (source.Read(result) is { } entries ? Choose(WhyChains.For(entries, address), m => m.At, when, all) : null);
        }

        if (chosen is null)
        {
            return 2;
        }

        if (chosen.Count == 0)
        {
            Console.Error.WriteLine($"{vip} did not move in these records");
            return 1;
        }

        Console.Write(json ? Json(chosen) : string.Concat(chosen.Select(Text)));
        return 0;
    }

    /// <summary>What the journals' index answered: the move, or null when it cannot say.</summary>
    private sealed record Indexed(IReadOnlyList<VipMove>? Moves);

    /// <summary>Every one with --all, else the one nearest --at, else the last (moves and real-server changes alike).</summary>
    public static IReadOnlyList<T> Choose<T>(IReadOnlyList<T> changes, Func<T, DateTimeOffset> at, DateTimeOffset? when, bool all) =>
        all || changes.Count == 0 ? changes
        : when is { } t ? [changes.MinBy(c => (at(c) - t).Duration())!]
        : [changes[^1]];

    /// <summary>The answer in one sentence, then the chain root first, one step a line (inferred steps marked).</summary>
    private static string Text(VipMove move) => WhyChains.Sentence(move) + "\n" + ChainText(move.Chain);

    public static string ChainText(IEnumerable<ChainLink> chain) => string.Concat(chain.Select(l =>
        $"  {WhyChains.Clock(l.At)}  {l.Node,-8} {(l.Inferred ? "(inferred) " : "")}{l.Sentence}\n")) + "\n";

    public static void WriteChain(Utf8JsonWriter w, IEnumerable<ChainLink> chain)
    {
        w.WriteStartArray("chain");
        foreach (var l in chain)
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
    }

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
                w.WriteString("summary", m.Summary);
                WriteChain(w, m.Chain);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }) + "\n";
    }
}
