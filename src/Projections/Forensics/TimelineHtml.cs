using System.Globalization;
using System.Net;
using System.Text;

namespace EsHa.Projections.Forensics;

/// <summary>
/// The merged cross-node timeline as one self-contained HTML page (inline style and script; nothing is fetched): a
/// lane per node's instance coloured by VRRP state (<see cref="StateIntervals"/>), who held each VIP when
/// (<see cref="VipOwnership"/>), real-server health (<see cref="RealServerHealth"/>), and every decision of
/// <see cref="Timeline.Of"/> as a marker with its details on hover. A pure function of journal records and the command
/// line's filter. Positions are percentages of the window, so the page fits any screen and reads without its script;
/// the script only adds zooming, the axis of a zoomed view, a summary and a details panel.
/// </summary>
public static partial class TimelineHtml
{
    /// <summary>Markers drawn at most: past it the page draws the first ones and says how many it left out.</summary>
    public const int MarkersMax = 5000;

    /// <summary>Bars (state, VIP and health intervals together) drawn at most: past it the page draws those that begin
    /// first and says how many it left out, so that a flapping real server cannot make a page no browser opens.</summary>
    public const int BarsMax = 10_000;

    public static string Render(IReadOnlyList<TimelineEntry> entries, TimelineFilter filter) => Render(entries, filter, Timeline.Of(entries, filter));

    /// <param name="lines">the decisions <see cref="Timeline.Of"/> gives for these entries and this filter (a caller
    /// that also counts them computes them once)</param>
    public static string Render(IReadOnlyList<TimelineEntry> entries, TimelineFilter filter, IReadOnlyList<TimelineLine> lines)
    {
        var inScope = filter.Node is null ? entries : [.. entries.Where(e => e.Node == filter.Node)];
        var window = TimeWindow.Of(inScope, filter);
        var (states, vips, health) = (Lanes(entries, filter, window), Vips(entries, filter, window), RealServers(entries, filter, window));
        var bars = states.Count + vips.Count + health.Count;
        if (bars > BarsMax)
        {
            var last = states.Select(s => s.From).Concat(vips.Select(v => v.From)).Concat(health.Select(h => h.From))
                .Order().ElementAt(BarsMax - 1);
            states = [.. states.Where(s => s.From <= last)];
            vips = [.. vips.Where(v => v.From <= last)];
            health = [.. health.Where(h => h.From <= last)];
        }

        var page = new Page(window, states, vips, health, bars, lines.Count > MarkersMax ? [.. lines.Take(MarkersMax)] : lines, lines.Count);
        var html = new StringBuilder(4096 + page.Markers.Count * 600 + (page.States.Count + page.Vips.Count + page.Health.Count) * 400);
        Head(html, filter, window);
        Header(html, page, filter);
        Chart(html, page);
        Events(html, page.Markers);
        html.Append("<script>").Append(Script).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>What the page draws, each already narrowed by the filter and the window.</summary>
    private sealed record Page(TimeWindow Window, IReadOnlyList<StateInterval> States, IReadOnlyList<VipInterval> Vips,
        IReadOnlyList<HealthInterval> Health, int Bars, IReadOnlyList<TimelineLine> Markers, int Decisions);

    private static List<StateInterval> Lanes(IReadOnlyList<TimelineEntry> entries, TimelineFilter filter, TimeWindow window)
    {
        var carrying = filter.Vip is { } vip ? Timeline.InstancesCarrying(entries, vip) : null;
        return [.. StateIntervals.Of(entries)
            .Where(i => filter.Node is null || i.Node == filter.Node)
            .Where(i => carrying is null || carrying.Contains((i.Node, i.Instance)))
            .Where(i => window.Overlaps(i.From, i.To))
            .OrderBy(i => i.Node, StringComparer.Ordinal).ThenBy(i => i.Instance, StringComparer.Ordinal).ThenBy(i => i.From)];
    }

    private static List<VipInterval> Vips(IReadOnlyList<TimelineEntry> entries, TimelineFilter filter, TimeWindow window) =>
        [.. VipOwnership.Of(entries)
            .Where(v => filter.Vip is null || v.Vip.Equals(filter.Vip))
            .Where(v => filter.Node is null || v.Node == filter.Node)
            .Where(v => window.Overlaps(v.From, v.To))];

    private static List<HealthInterval> RealServers(IReadOnlyList<TimelineEntry> entries, TimelineFilter filter, TimeWindow window) =>
        [.. RealServerHealth.Of(entries)
            .Where(h => filter.Node is null || h.Node == filter.Node)
            .Where(h => filter.Vip is null || Timeline.OnVip(h.VirtualServer, filter.Vip))
            .Where(h => window.Overlaps(h.From, h.To))
            .OrderBy(h => h.Node, StringComparer.Ordinal).ThenBy(h => h.VirtualServer, StringComparer.Ordinal)
            .ThenBy(h => h.RealServer, StringComparer.Ordinal).ThenBy(h => h.From)];

    private static void Head(StringBuilder html, TimelineFilter filter, TimeWindow window)
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Text($"EsHa timeline {Clock(window.From, true)} – {Clock(window.To, true)} UTC{Filters(filter)}"))
            .Append("</title>\n")
            .Append("<style>").Append(Style).Append("</style>\n</head>\n")
            .Append(CultureInfo.InvariantCulture, $"<body data-ready=\"false\" data-window-from=\"{Iso(window.From)}\"")
            .Append(CultureInfo.InvariantCulture, $" data-window-to=\"{Iso(window.To)}\">\n");
    }

    private static void Header(StringBuilder html, Page page, TimelineFilter filter)
    {
        var nodes = page.States.Select(s => s.Node).Concat(page.Health.Select(h => h.Node)).Concat(page.Markers.Select(m => m.Node))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var who = nodes.Count == 0 ? "no nodes" : "nodes " + string.Join(", ", nodes);
        html.Append("<header>\n<h1>EsHa timeline</h1>\n<p class=\"meta\">")
            .Append(Text($"{Clock(page.Window.From, true)} – {Clock(page.Window.To, true)} UTC · {who}{Filters(filter)}"))
            .Append("</p>\n")
            .Append(CultureInfo.InvariantCulture, $"<p id=\"summary\" class=\"summary\">{page.Decisions} decision(s)</p>\n");
        if (page.Decisions > page.Markers.Count)
        {
            var (drawn, leftOut) = (page.Markers.Count, page.Decisions - page.Markers.Count);
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" id=\"capped\" data-drawn=\"{drawn}\" data-left-out=\"{leftOut}\">")
                .Append(CultureInfo.InvariantCulture, $"Showing the first {drawn:N0} of {page.Decisions:N0} decisions ({leftOut:N0} left out): ")
                .Append("narrow the page with --from/--to, --vip or --node.</p>\n");
        }

        if (page.Bars > page.States.Count + page.Vips.Count + page.Health.Count)
        {
            var drawn = page.States.Count + page.Vips.Count + page.Health.Count;
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" id=\"capped-bars\" data-drawn=\"{drawn}\" data-left-out=\"{page.Bars - drawn}\">")
                .Append(CultureInfo.InvariantCulture, $"Showing the first {drawn:N0} of {page.Bars:N0} state, VIP and health intervals ")
                .Append(CultureInfo.InvariantCulture, $"({page.Bars - drawn:N0} left out): narrow the page with --from/--to, --vip or --node.</p>\n");
        }

        html.Append(Legend(page.Health.Count > 0)).Append("</header>\n");
    }

    private static string Filters(TimelineFilter filter)
    {
        var parts = new List<string>();
        if (filter.Vip is not null)
        {
            parts.Add($"--vip {filter.Vip}");
        }

        if (filter.Node is not null)
        {
            parts.Add($"--node {filter.Node}");
        }

        if (filter.From is { } from)
        {
            parts.Add($"--from {Iso(from)}");
        }

        if (filter.To is { } to)
        {
            parts.Add($"--to {Iso(to)}");
        }

        return parts.Count == 0 ? "" : " · " + string.Join(" ", parts);
    }

    private static readonly string[] States = ["MASTER", "BACKUP", "FAULT", "INIT"];

    private static string Legend(bool realServers) =>
        "<ul class=\"legend\">\n" +
        string.Concat(States.Select(s => $"<li><i class=\"swatch\" data-state=\"{s}\"></i>{s}</li>")) + "\n" +
        (realServers
            ? "<li><i class=\"swatch\" data-alive=\"true\"></i>real server alive (w: weight)</li><li><i class=\"swatch\" data-alive=\"false\"></i>dead</li>\n"
            : "") +
        "<li><i class=\"swatch marker-key\"></i>decision (hover or click for details)</li>\n</ul>\n";

    /// <summary>Decisions up to which their table is open when the page opens.</summary>
    private const int EventsOpenMax = 500;

    /// <summary>Every drawn decision as a table under the chart, for reading and searching without hovering.</summary>
    private static void Events(StringBuilder html, IReadOnlyList<TimelineLine> markers)
    {
        html.Append("<details class=\"events\"").Append(markers.Count <= EventsOpenMax ? " open" : "")
            .Append(CultureInfo.InvariantCulture, $"><summary>Decisions ({markers.Count})</summary>\n<table>\n")
            .Append("<thead><tr><th>time (UTC)</th><th>node</th><th>seq</th><th>stream</th><th>type</th><th>what</th></tr></thead>\n<tbody>\n");
        foreach (var m in markers)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Clock(m.Wall, true)}</td><td>{Text(m.Node)}</td><td>{m.Sequence}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{Text(m.Stream.Length == 0 ? "-" : m.Stream)}</td><td>{Text(m.Type)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{Text(m.What)}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</details>\n");
    }

    /// <summary>Text or an attribute value, escaped.</summary>
    private static string Text(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A time as the page's data attributes carry it: ISO 8601, UTC, to the tick.</summary>
    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A time for people, UTC: the clock, to the millisecond, with the date when asked.</summary>
    private static string Clock(DateTimeOffset time, bool date = false) =>
        time.UtcDateTime.ToString(date ? "yyyy-MM-dd HH:mm:ss.fff" : "HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
