using System.Reflection;
using System.Text;
using System.Xml.Linq;
using EsHa.Domain.Facts;
using EsHa.Domain.Lvs;
using EsHa.Domain.SyncGroups;
using EsHa.Domain.Vrrp;

namespace EsHa.Domain.Tests.Support;

/// <summary>Writes docs/events.md from the catalogue: per family, each stored name with its fields and the type's
/// own doc comment (from EsHa.Domain.xml, built beside the assembly).</summary>
internal static class FactCatalogueDocument
{
    private static readonly (Type Family, string Title, string About)[] Families =
    [
        (typeof(VrrpInput), "VRRP inputs", "What reached an instance. Inputs from outside (adverts, links, addresses, trackers, operators, reloads, start and stop) are always journaled; timer firings are journaled when they decided something. An event's `causation` is the input it was decided from."),
        (typeof(VrrpEvent), "VRRP events", "What an instance decided. Its state is the fold of these (`VrrpDecider.Evolve`); the effects (adverts, VIPs, ARPs, notifies) are derived from them."),
        (typeof(SyncGroupEvent), "Sync-group events", "A vrrp_sync_group's own state (journaled under the group's name)."),
        (typeof(NodeEvent), "Node events", "The node as a whole (journaled under the empty stream name)."),
        (typeof(LvsInput), "LVS inputs", "What reached the health-checking side: checkers started and stopped (stream: the virtual server), probe results (stream: `VS/RS`, e.g. `192.168.126.100:80/192.168.126.138:80`). Results that decide nothing (a success while up, a failure while down) coalesce like steady VRRP traffic."),
        (typeof(LvsEvent), "LVS events", "What the checkers and the quorum decided (stream: `VS/RS` for a real server, the virtual server for quorum). The desired LVS table is a fold of these (`LvsDesiredTable`)."),
        (typeof(LvsKernelEvent), "LVS kernel events", "What the node did to the kernel's LVS table (IPVS or nftables) and what the kernel said, and drift it found (stream `lvs`). Caused by the LVS event that changed the desired table."),
    ];

    public static string Render(IReadOnlyList<(Type Type, string Name)> catalogue)
    {
        var docs = XDocument.Load(Path.ChangeExtension(typeof(Fact).Assembly.Location, ".xml"));
        var text = new StringBuilder();
        text.Append("# Event catalogue\n\n");
        text.Append("Generated from the code by `FactCatalogueTests` (`ESHA_REWRITE=1` rewrites it); do not edit by hand.\n\n");
        text.Append("Every journal record is an envelope around one fact:\n\n");
        text.Append("| field | meaning |\n|---|---|\n");
        text.Append("| `node` | the node that recorded it |\n");
        text.Append("| `sequence` | per node, gapless from 1, never reused |\n");
        text.Append("| `stream` | what it is about: an instance (`VI_1`), a sync group (`VG_1`), a virtual server or real server (`VS/RS`), `lvs` for the kernel's table, or empty for the node |\n");
        text.Append("| `at` | the node's monotonic clock, µs since the node started |\n");
        text.Append("| `wall` | the node's wall clock when the input arrived |\n");
        text.Append("| `causation` | the record that caused this one: an event's input; a timer's arming event; a sync-group move's member event |\n");
        text.Append("| `correlation` | the outside input at the root of the chain |\n");
        text.Append("| `repeats` | occurrences this record stands for (when not 1): steady traffic is journaled as its first occurrence, then one record closing the run with the count, on any change and at least every minute |\n");
        text.Append("| `fact` | the fact, with its stored name in `type` |\n\n");
        text.Append("A stored name never changes meaning: a new shape gets a new version beside the old one.\n");
        foreach (var (family, title, about) in Families)
        {
            text.Append($"\n## {title}\n\n{about}\n\n");
            foreach (var (type, name) in catalogue.Where(c => c.Type.IsSubclassOf(family)).OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                text.Append($"### `{name}` ({type.Name})\n\n");
                if (Summary(docs, type) is { Length: > 0 } summary)
                {
                    text.Append(summary).Append("\n\n");
                }

                text.Append("Fields: ").Append(string.Join(", ", Fields(type))).Append("\n\n");
            }
        }

        return text.ToString();
    }

    private static IEnumerable<string> Fields(Type type) =>
        type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters()
            .Select(p => $"`{char.ToLowerInvariant(p.Name![0])}{p.Name[1..]}` ({TypeName(p.ParameterType)})");

    private static string TypeName(Type type) => type switch
    {
        _ when type == typeof(Instant) => "µs",
        _ when type == typeof(System.Net.IPAddress) => "address",
        _ when Nullable.GetUnderlyingType(type) is { } inner => TypeName(inner) + "?",
        _ when type.IsEnum => string.Join(" \\| ", Enum.GetNames(type)),
        _ when type == typeof(int) || type == typeof(long) => "number",
        _ when type == typeof(bool) => "true/false",
        _ when type == typeof(string) => "text",
        _ when type == typeof(TimeSpan) => "duration",
        _ when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) => TypeName(type.GetGenericArguments()[0]) + " list",
        _ => type.Name,
    };

    private static string? Summary(XDocument docs, MemberInfo type)
    {
        var member = docs.Descendants("member").FirstOrDefault(m => (string?)m.Attribute("name") == $"T:{((Type)type).FullName}");
        var summary = member?.Element("summary");
        if (summary is null)
        {
            return null;
        }

        // <see cref="T:X.Y"/> and <paramref name="Z"/> read as their names; whitespace as single spaces.
        var words = string.Concat(summary.Nodes().Select(n => n switch
        {
            XElement { Name.LocalName: "see" } e => $"`{((string?)e.Attribute("cref") ?? "").Split('.', ':').Last()}`",
            XElement { Name.LocalName: "paramref" } e => $"`{(string?)e.Attribute("name")}`",
            XElement e => e.Value,
            _ => n.ToString(),
        }));
        return string.Join(' ', System.Net.WebUtility.HtmlDecode(words).Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }
}
