using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Config.Syntax;

namespace EsHa.Domain.Config.Binding;

/// <summary>Builds the typed model from the syntax tree. Top-level blocks are dispatched by keyword; a block
/// keepalived would skip (no name, a second definition of a name) is reported and left out, as keepalived does.</summary>
internal static class ConfigBinder
{
    public static KeepalivedConfig Bind(IReadOnlyList<ConfigNode> top, IReadOnlyList<string> files, DiagnosticBag diagnostics)
    {
        var context = new BindContext(diagnostics);
        var global = new GlobalDefs();
        var scripts = new List<VrrpScript>();
        var trackFiles = new List<TrackFile>();
        var groups = new List<VrrpSyncGroup>();
        var instances = new List<VrrpInstance>();
        var vsGroups = new List<VirtualServerGroup>();
        var virtualServers = new List<VirtualServer>();
        var carried = new List<CarriedSetting>();
        var names = new HashSet<(string, string)>();

        foreach (var node in top)
        {
            switch (node.Keyword)
            {
                case "global_defs":
                    global = GlobalDefsBinder.Bind(node, context);
                    break;
                case "vrrp_script" when Named(node, context, names) is { } name:
                    scripts.Add(VrrpScriptBinder.Bind(name, node, context));
                    break;
                case "track_file" or "vrrp_track_file" when Named(node, context, names) is { } name:
                    trackFiles.Add(TrackFileBinder.Bind(name, node, context));
                    break;
                case "vrrp_sync_group" when Named(node, context, names) is { } name:
                    groups.Add(SyncGroupBinder.Bind(name, node, context));
                    break;
                case "vrrp_instance" when Named(node, context, names) is { } name:
                    instances.Add(VrrpInstanceBinder.Bind(name, node, context));
                    break;
                case "virtual_server_group" when Named(node, context, names) is { } name:
                    vsGroups.Add(VirtualServerGroupBinder.Bind(name, node, context));
                    break;
                case "virtual_server":
                    if (VirtualServerBinder.Bind(node, context) is { } vs)
                    {
                        virtualServers.Add(vs);
                    }

                    break;
                case "vrrp_script" or "track_file" or "vrrp_track_file" or "vrrp_sync_group" or "vrrp_instance"
                    or "virtual_server_group":
                    break;
                case "static_routes":
                    RouteRuleChecks.Routes(node, context, tracked: false);
                    carried.Add(context.NotActedOn(node, "the top level"));
                    break;
                case "static_rules":
                    RouteRuleChecks.Rules(node, context);
                    carried.Add(context.NotActedOn(node, "the top level"));
                    break;
                default:
                    carried.Add(context.NotActedOn(node, "the top level"));
                    break;
            }
        }

        return new KeepalivedConfig
        {
            Global = global,
            Scripts = scripts,
            TrackFiles = trackFiles,
            SyncGroups = groups,
            Instances = instances,
            VirtualServerGroups = vsGroups,
            VirtualServers = virtualServers,
            Carried = carried,
            Files = files,
        };
    }

    /// <summary>The block's single name; keepalived skips a block without one, or whose name is taken.</summary>
    private static string? Named(ConfigNode node, BindContext context, HashSet<(string, string)> names)
    {
        if (node.Args.Count == 0)
        {
            context.Diagnostics.Error(node.At, DiagnosticCodes.MissingArgument,
                $"'{node.Keyword}' must have a name; keepalived skips this block");
            return null;
        }

        if (node.Keyword == "vrrp_instance" && node.Args.Count > 1)
        {
            context.Diagnostics.Error(node.At, DiagnosticCodes.ExtraArguments,
                $"vrrp_instance must have exactly one name, not '{string.Join(' ', node.Args)}'; keepalived skips this block");
            return null;
        }

        var kind = node.Keyword == "vrrp_track_file" ? "track_file" : node.Keyword;
        if (!names.Add((kind, node.Args[0])))
        {
            context.Diagnostics.Error(node.At, DiagnosticCodes.Duplicate,
                $"{kind} {node.Args[0]} is already defined; keepalived skips this block");
            return null;
        }

        return node.Args[0];
    }
}
