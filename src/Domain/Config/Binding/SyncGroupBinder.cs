using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Config.Syntax;

namespace EsHa.Domain.Config.Binding;

internal static class SyncGroupBinder
{
    public static VrrpSyncGroup Bind(string name, ConfigNode block, BindContext c)
    {
        var g = new VrrpSyncGroup { Name = name, At = block.At };
        var map = new SourceMap(block.Children?.Count ?? 0);
        foreach (var n in block.Children ?? [])
        {
            map.Set(n);
            g = n.Keyword switch
            {
                "group" => g with { Members = [.. g.Members, .. TrackedObjects.Members(n)] },
                "notify" => g with { Notify = c.First(g.Notify, n, c.Script) },
                "notify_master" => g with { NotifyMaster = c.First(g.NotifyMaster, n, c.Script) },
                "notify_backup" => g with { NotifyBackup = c.First(g.NotifyBackup, n, c.Script) },
                "notify_fault" => g with { NotifyFault = c.First(g.NotifyFault, n, c.Script) },
                "notify_stop" => g with { NotifyStop = c.First(g.NotifyStop, n, c.Script) },
                "track_script" => g with { TrackScripts = [.. g.TrackScripts, .. TrackedObjects.Read(n, c, g.TrackScripts)] },
                "track_interface" => g with { TrackInterfaces = [.. g.TrackInterfaces, .. TrackedObjects.Read(n, c, g.TrackInterfaces)] },
                "track_file" => g with { TrackFiles = [.. g.TrackFiles, .. TrackedObjects.Read(n, c, g.TrackFiles)] },
                "smtp_alert" => g with { SmtpAlert = c.Flag(n) },
                "sync_group_tracking_weight" => g with { SyncGroupTrackingWeight = true },
                "global_tracking" => Deprecated(g, c, n),
                _ => map.Carry(g, c, n, "vrrp_sync_group"),
            };
        }

        return g with { Sources = map.Sources, Carried = map.Carried };
    }

    private static VrrpSyncGroup Deprecated(VrrpSyncGroup g, BindContext c, ConfigNode n)
    {
        c.Diagnostics.Warning(n.At, DiagnosticCodes.Deprecated,
            "global_tracking is deprecated - use track_interface/script/file/bfd/process/sync_group_tracking_weight");
        return g with { SyncGroupTrackingWeight = true };
    }

}
