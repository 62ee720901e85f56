using System.Globalization;
using System.Text;
using EsHa.Node.Forensics;
using EsHa.Projections.Forensics;

namespace EsHa.Cli.Commands;

/// <summary>`esha replay`'s answers as tables (terminal) and as one JSON document.</summary>
internal static class ReplayOutput
{
    public static string Text(StateSnapshot s)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"state at {ReplayCommand.Iso(s.At)} (a fold of every record up to then)\n\n");
        text.Append(TerminalTable.Render("nodes", ["node", "process", "since", "configuration", "digest"], s.Nodes.Select(n =>
            (IReadOnlyList<string>)[n.Node, n.Running ? "running" : "stopped", WhyChains.Clock(n.Since), n.Config ?? "-", n.Digest?[..12] ?? "-"])));
        text.Append(TerminalTable.Render("instances", ["node", "instance", "role", "since", "state"], s.Instances.Select(i =>
            (IReadOnlyList<string>)[i.Node, i.Instance, i.Role.ToString().ToUpperInvariant(), WhyChains.Clock(i.Since), i.State])));
        text.Append(TerminalTable.Render("VIPs", ["vip", "held by", "instance", "since"], s.Vips.Select(v =>
            (IReadOnlyList<string>)[v.Vip.ToString(), v.Node ?? "nobody", v.Instance ?? "-", v.Since is { } since ? WhyChains.Clock(since) : "-"])));
        if (s.Lvs.Count > 0)
        {
            text.Append(TerminalTable.Render("LVS tables", ["node", "service", "scheduler", "destination", "method", "weight"], s.Lvs.Select(d =>
                (IReadOnlyList<string>)[d.Node, d.Service, d.Scheduler, d.Destination, d.Method, d.Destination.Length == 0 ? "" : d.Weight.ToString(CultureInfo.InvariantCulture)])));
        }

        if (s.RealServers.Count > 0)
        {
            text.Append(TerminalTable.Render("real servers", ["node", "virtual server", "real server", "health", "weight", "since", "why"], s.RealServers.Select(h =>
                (IReadOnlyList<string>)[h.Node, h.VirtualServer, h.RealServer, h.Alive ? "alive" : "dead", h.Weight.ToString(CultureInfo.InvariantCulture),
                    WhyChains.Clock(h.From), h.Why])));
        }

        return text.ToString();
    }

    public static string Json(StateSnapshot s) => JsonText.Indented(w =>
    {
        w.WriteStartObject();
        w.WriteString("at", ReplayCommand.Iso(s.At));
        w.WriteStartArray("nodes");
        foreach (var n in s.Nodes)
        {
            w.WriteStartObject();
            w.WriteString("node", n.Node);
            w.WriteBoolean("running", n.Running);
            w.WriteString("since", ReplayCommand.Iso(n.Since));
            w.WriteString("config", n.Config);
            w.WriteString("digest", n.Digest);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("instances");
        foreach (var i in s.Instances)
        {
            w.WriteStartObject();
            w.WriteString("node", i.Node);
            w.WriteString("instance", i.Instance);
            w.WriteString("role", i.Role.ToString().ToUpperInvariant());
            w.WriteString("since", ReplayCommand.Iso(i.Since));
            w.WriteString("state", i.State);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("vips");
        foreach (var v in s.Vips)
        {
            w.WriteStartObject();
            w.WriteString("vip", v.Vip.ToString());
            w.WriteString("node", v.Node);
            w.WriteString("instance", v.Instance);
            w.WriteString("since", v.Since is { } since ? ReplayCommand.Iso(since) : null);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("lvs");
        foreach (var d in s.Lvs)
        {
            w.WriteStartObject();
            w.WriteString("node", d.Node);
            w.WriteString("service", d.Service);
            w.WriteString("scheduler", d.Scheduler);
            w.WriteString("destination", d.Destination);
            w.WriteString("method", d.Method);
            w.WriteNumber("weight", d.Weight);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("realServers");
        foreach (var h in s.RealServers)
        {
            w.WriteStartObject();
            w.WriteString("node", h.Node);
            w.WriteString("virtualServer", h.VirtualServer);
            w.WriteString("realServer", h.RealServer);
            w.WriteBoolean("alive", h.Alive);
            w.WriteNumber("weight", h.Weight);
            w.WriteString("since", ReplayCommand.Iso(h.From));
            w.WriteString("why", h.Why);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }) + "\n";

    public static string Text(WhatIfRun run, IReadOnlyList<HandoverComparison> diff, IReadOnlyDictionary<HandoverComparison, string> why)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"what-if: the recorded inputs from {ReplayCommand.Iso(run.From)} to {ReplayCommand.Iso(run.To)} replayed with\n");
        foreach (var config in run.Configs)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {config}\n");
        }

        foreach (var note in run.Notes)
        {
            text.Append(CultureInfo.InvariantCulture, $"  note: {note}\n");
        }

        text.Append('\n').Append(TerminalTable.Render("VIP handovers: what happened and what would have", ["", "vip", "move", "happened", "would have", "shift"],
            diff.Select(Row)));
        var changed = diff.Count(d => d.Change != HandoverChange.Same);
        text.Append(string.Create(CultureInfo.InvariantCulture,
            $"{diff.Count(d => d.Change == HandoverChange.Removed)} removed, {diff.Count(d => d.Change == HandoverChange.Added)} added, " +
            $"{diff.Count(d => d.Change == HandoverChange.Shifted)} shifted, {diff.Count(d => d.Change == HandoverChange.Same)} the same"))
            .Append(changed == 0 ? ": the other configuration would not have changed who held the VIPs\n" : "\n");
        foreach (var (c, sentence) in diff.Where(why.ContainsKey).Select(c => (c, why[c])))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{c.Change.ToString().ToLowerInvariant()}, {(c.Replayed is null ? "as it happened" : "in the replay")}: {sentence}\n");
        }
        return text.ToString();
    }

    private static IReadOnlyList<string> Row(HandoverComparison c)
    {
        var h = c.Recorded ?? c.Replayed!;
        return [c.Change.ToString().ToLowerInvariant(), h.Vip.ToString(), $"{h.From ?? "-"} -> {h.To}",
            c.Recorded is { } r ? WhyChains.Clock(r.At) : "-", c.Replayed is { } p ? WhyChains.Clock(p.At) : "-",
            c.Change == HandoverChange.Shifted ? Signed(c.Shift) : ""];
    }

    private static string Signed(TimeSpan shift) => (shift >= TimeSpan.Zero ? "+" : "-") + shift.Duration().TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";

    public static string Json(WhatIfRun run, IReadOnlyList<HandoverComparison> diff, IReadOnlyDictionary<HandoverComparison, string> why) => JsonText.Indented(w =>
    {
        w.WriteStartObject();
        w.WriteString("from", ReplayCommand.Iso(run.From));
        w.WriteString("to", ReplayCommand.Iso(run.To));
        w.WriteStartArray("configs");
        run.Configs.ToList().ForEach(w.WriteStringValue);
        w.WriteEndArray();
        w.WriteStartArray("notes");
        run.Notes.ToList().ForEach(w.WriteStringValue);
        w.WriteEndArray();
        w.WriteStartArray("handovers");
        foreach (var c in diff)
        {
            var h = c.Recorded ?? c.Replayed!;
            w.WriteStartObject();
            w.WriteString("change", c.Change.ToString().ToLowerInvariant());
            w.WriteString("vip", h.Vip.ToString());
            w.WriteString("from", h.From);
            w.WriteString("to", h.To);
            w.WriteString("happened", c.Recorded is { } r ? ReplayCommand.Iso(r.At) : null);
            w.WriteString("wouldHave", c.Replayed is { } p ? ReplayCommand.Iso(p.At) : null);
            w.WriteNumber("shiftSeconds", Math.Round(c.Shift.TotalSeconds, 3));
            w.WriteString("why", why.GetValueOrDefault(c));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }) + "\n";
}
