using System.CommandLine;
using System.Globalization;
using EsHa.Projections.Forensics;

namespace EsHa.Cli.Commands;

/// <summary>esha why --rs IP:PORT: the real server's health and weight changes, each from the probes that failed to
/// the kernel mutation that followed (see <see cref="RealServerWhy"/>).</summary>
internal static class WhyRealServer
{
    public static int Run(ParseResult result, ForensicsSource source, string realServer, string? at, bool all, bool json)
    {
        if (!TimelineCommand.Time(at, "--at", out var when))
        {
            return 1;
        }

        if (source.Read(result) is not { } entries)
        {
            return 2;
        }

        var changes = RealServerWhy.For(entries, realServer);
        if (changes.Count == 0)
        {
            Console.Error.WriteLine($"{realServer}: no health or weight change of this real server in these records (give it as IP:PORT, as the virtual server's real_server has it)");
            return 1;
        }

        var chosen = WhyCommand.Choose(changes, c => c.At, when, all);
        Console.Write(json ? Json(chosen) : string.Concat(chosen.Select(c => $"{WhyChains.Clock(c.At)} {c.Summary}\n" + WhyCommand.ChainText(c.Chain))));
        return 0;
    }

    private static string Json(IReadOnlyList<RealServerChange> changes) => JsonText.Indented(w =>
    {
        w.WriteStartArray();
        foreach (var c in changes)
        {
            w.WriteStartObject();
            w.WriteString("at", c.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("node", c.Node);
            w.WriteString("virtualServer", c.VirtualServer);
            w.WriteString("rs", c.RealServer);
            w.WriteString("from", c.From);
            w.WriteString("to", c.To);
            w.WriteString("summary", c.Summary);
            WhyCommand.WriteChain(w, c.Chain);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }) + "\n";
}
