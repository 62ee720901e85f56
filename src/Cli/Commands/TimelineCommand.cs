using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using EsHa.Projections.Forensics;

namespace EsHa.Cli.Commands;

/// <summary>esha timeline (--journal PATH... | --store CONNSTRING) [--from T] [--to T] [--vip IP] [--node ID] [--json | --html FILE]:
/// every node's decisions merged by wall clock; --html writes them as a self-contained page instead (lanes of VRRP
/// state, VIP ownership, real-server health, a marker per decision). Exit 0, 1 when a filter is malformed, 2 when a
/// journal or the store cannot be read or the page cannot be written.</summary>
internal static class TimelineCommand
{
    public static Command Create()
    {
        var source = new ForensicsSource();
        var from = new Option<string?>("--from") { Description = "from this wall-clock time (ISO 8601, e.g. 2026-01-01T10:35:00Z)" };
        var to = new Option<string?>("--to") { Description = "until this wall-clock time" };
        var vip = new Option<string?>("--vip") { Description = "only what concerns this VIP" };
        var node = new Option<string?>("--node") { Description = "only this node" };
        var json = new Option<bool>("--json") { Description = "one JSON document" };
        var html = new Option<string?>("--html") { Description = "write the timeline as a self-contained HTML page to this file (the filters apply)" };
        var command = new Command("timeline", "The decisions of every node, merged by wall clock.") { from, to, vip, node, json, html };
        source.AddTo(command);
        command.Validators.Add(r =>
        {
            if (r.GetValue(json) && r.GetValue(html) is not null)
            {
                r.AddError("give --json or --html, not both");
            }
        });
        command.SetAction(r =>
            Run(r, source, r.GetValue(from), r.GetValue(to), r.GetValue(vip), r.GetValue(node), r.GetValue(json), r.GetValue(html)));
        return command;
    }

    private static int Run(ParseResult result, ForensicsSource source, string? from, string? to, string? vip, string? node, bool json, string? html)
    {
        if (!Time(from, "--from", out var fromTime) || !Time(to, "--to", out var toTime))
        {
            return 1;
        }

        IPAddress? address = null;
        if (vip is not null && !IPAddress.TryParse(vip, out address))
        {
            Console.Error.WriteLine($"--vip: \"{vip}\" is not an IP address");
            return 1;
        }

        if (source.Read(result, fromTime, toTime, address) is not { } entries)
        {
            return 2;
        }

        var filter = new TimelineFilter(fromTime, toTime, address, node);
        if (html is not null)
        {
            return Page(html, entries, filter);
        }

        var lines = Timeline.Of(entries, filter);
        Console.Write(json ? Json(lines) : Text(lines));
        return 0;
    }

    private static int Page(string path, List<TimelineEntry> entries, TimelineFilter filter)
    {
        var lines = Timeline.Of(entries, filter);
        try
        {
            File.WriteAllText(path, TimelineHtml.Render(entries, filter, lines));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{path}: cannot write the page: {e.Message}");
            return 2;
        }

        var decisions = lines.Count;
        var capped = decisions > TimelineHtml.MarkersMax ? $", the first {TimelineHtml.MarkersMax} drawn (narrow with --from/--to, --vip or --node)" : "";
        Console.WriteLine($"{path}: {decisions} decision(s){capped}");
        return 0;
    }

    /// <summary>A table, one decision a row (Spectre.Console, plain text: the same in a terminal, a pipe and a golden).</summary>
    public static string Text(IReadOnlyList<TimelineLine> lines) =>
        TerminalTable.Render("", ["time (UTC)", "node", "about", "seq", "what"], lines.Select(l => (IReadOnlyList<string>)
            [l.Wall.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture), l.Node, l.Stream.Length == 0 ? "-" : l.Stream,
             l.Sequence.ToString(CultureInfo.InvariantCulture), l.What]))
        + string.Create(CultureInfo.InvariantCulture, $"{lines.Count} decision(s)\n");

    private static string Json(IReadOnlyList<TimelineLine> lines)
    {
        return JsonText.Indented(w =>
        {
            w.WriteStartArray();
            foreach (var l in lines)
            {
                w.WriteStartObject();
                w.WriteString("at", l.Wall.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                w.WriteString("node", l.Node);
                w.WriteNumber("sequence", l.Sequence);
                w.WriteString("stream", l.Stream);
                w.WriteString("type", l.Type);
                w.WriteString("what", l.What);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }) + "\n";
    }

    public static bool Time(string? text, string option, out DateTimeOffset? time)
    {
        time = null;
        if (text is null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        Console.Error.WriteLine($"{option}: \"{text}\" is not a time (ISO 8601, e.g. 2026-01-01T10:35:00Z)");
        return false;
    }
}
