using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;

namespace EsHa.Domain.Config.Lint;

/// <summary>A virtual server that takes traffic by firewall mark: "virtual_server fwmark N", or a
/// virtual_server_group's "fwmark N" line for a "virtual_server group NAME".</summary>
/// <param name="At">where the mark is written: the virtual_server line, or the group's fwmark line</param>
public sealed record FwmarkService(uint Mark, VirtualServer Server, SourceLocation At, string Name)
{
    public static IReadOnlyList<FwmarkService> In(KeepalivedConfig config)
    {
        var services = new List<FwmarkService>();
        foreach (var server in config.VirtualServers)
        {
            switch (server.Key)
            {
                case { Kind: VirtualServerKind.Fwmark, Fwmark: { } mark }:
                    services.Add(new FwmarkService(mark, server, server.At, $"virtual_server fwmark {mark}"));
                    break;
                case { Kind: VirtualServerKind.Group, Group: { } name }:
                    var entries = config.VirtualServerGroups.Where(g => g.Name == name).SelectMany(g => g.Entries);
                    services.AddRange(entries.Where(e => e.Fwmark is not null).Select(e =>
                        new FwmarkService(e.Fwmark!.Value, server, e.At, $"virtual_server group {name} (fwmark {e.Fwmark})")));
                    break;
                default:
                    break;
            }
        }

        return services;
    }
}
