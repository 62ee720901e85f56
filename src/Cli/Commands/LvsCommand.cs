using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EsHa.Domain.Config.Model;
using EsHa.Node.Linux.Lvs;
using EsHa.Projections.Lvs;

namespace EsHa.Cli.Commands;

/// <summary>esha lvs [--backend auto|ipvs|nftables] [--stats] [--json]: the kernel's LVS table now, laid out as
/// `ipvsadm -Ln` lays it out, with the backend's counters. Reads the kernel directly (no running node needed).
/// Exit 0, or 2 when no data plane can be read.</summary>
internal static class LvsCommand
{
    public static Command Create()
    {
        var backend = new Option<string>("--backend") { Description = "ipvs, nftables, or auto (IPVS when the kernel has it)", DefaultValueFactory = _ => "auto" };
        backend.AcceptOnlyFromAmong(LvsBackends.Choices);
        var stats = new Option<bool>("--stats") { Description = "show counters (connections, packets, bytes)" };
        var json = new Option<bool>("--json") { Description = "print the table as JSON" };
        var command = new Command("lvs", "Show the kernel's LVS table, as ipvsadm -Ln does.") { backend, stats, json };
        command.SetAction(r => Run(r.GetValue(backend)!, r.GetValue(stats), r.GetValue(json)));
        return command;
    }

    private static int Run(string choice, bool stats, bool json)
    {
        LiveLvsTable live;
        try
        {
            live = LiveLvsTable.Read(choice);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            Console.Error.WriteLine($"esha lvs: {e.Message}");
            return 2;
        }

        Console.Write(json ? Json(live) : Text(live, stats));
        return 0;
    }

    public static string Text(LiveLvsTable live, bool stats)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"LVS table ({live.Backend}), {live.Table.Services.Count} service(s)");
        text.AppendLine("Prot LocalAddress:Port Scheduler Flags");
        text.AppendLine(stats
            ? "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn     Packets        Bytes"
            : "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn");
        foreach (var service in live.Table.Services)
        {
            var flags = service.PersistenceTimeout is { } t ? $" persistent {t.TotalSeconds:0}" + (service.PersistenceNetmask < 32 ? $" mask /{service.PersistenceNetmask}" : "") : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"{service.Key} {service.Scheduler}{flags}");
            foreach (var d in service.Destinations)
            {
                var c = live.Counters.GetValueOrDefault((service.Key, d.Endpoint));
                var line = $"  -> {d.Endpoint,-28} {Forward(d.Method),-7} {d.Weight,-6} {Count(c?.ActiveConnections),-10} {Count(c?.InactiveConnections),-9}";
                text.AppendLine(stats ? $"{line} {c?.PacketsIn,11} {c?.BytesIn,12}" : line.TrimEnd());
            }
        }

        return text.ToString();
    }

    private static string Json(LiveLvsTable live)
    {
        return JsonText.Indented(w =>
        {
            w.WriteStartObject();
            w.WriteString("backend", live.Backend);
            w.WriteStartArray("services");
            foreach (var s in live.Table.Services)
            {
                w.WriteStartObject();
                w.WriteString("service", s.Key.ToString());
                w.WriteString("scheduler", s.Scheduler);
                if (s.PersistenceTimeout is { } t)
                {
                    w.WriteNumber("persistenceSeconds", (int)t.TotalSeconds);
                    w.WriteNumber("persistenceNetmask", s.PersistenceNetmask);
                }

                w.WriteStartArray("destinations");
                foreach (var d in s.Destinations)
                {
                    var c = live.Counters.GetValueOrDefault((s.Key, d.Endpoint));
                    w.WriteStartObject();
                    w.WriteString("destination", d.Endpoint);
                    w.WriteString("forward", Forward(d.Method));
                    w.WriteNumber("weight", d.Weight);
                    if (c is not null)
                    {
                        Optional(w, "activeConnections", c.ActiveConnections);
                        Optional(w, "inactiveConnections", c.InactiveConnections);
                        w.WriteNumber("packets", c.PacketsIn);
                        w.WriteNumber("bytes", c.BytesIn);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }) + "\n";
    }

    private static void Optional(Utf8JsonWriter w, string name, uint? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }

    private static string Count(uint? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    /// <summary>ipvsadm's words for the forwarding methods.</summary>
    private static string Forward(ForwardingMethod method) => method switch
    {
        ForwardingMethod.DirectRouting => "Route",
        ForwardingMethod.Tunnel => "Tunnel",
        _ => "Masq",
    };
}
