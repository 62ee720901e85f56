using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Config.Syntax;

namespace EsHa.Domain.Config.Binding;

internal static class SyncGroupBinder
{
    public static VrrpSyncGroup Bind(string name, ConfigNode block, BindContext c)
    {
        var g = new VrrpSyncGroup { Name = name, At = block.At };
        var map = new SourceMap();
        foreach (var n in block.Children ?? [])
        {
            map.Set(n);
            g = n.Keyword switch
            {
                "group" => g with { Members = [.. g.Members, .. TrackedObjects.Members(n)] },
                "notify" => g with { Notify = c.Script(n) },
                "notify_master" => g with { NotifyMaster = c.Script(n) },
                "notify_backup" => g with { NotifyBackup = c.Script(n) },
                "notify_fault" => g with { NotifyFault = c.Script(n) },
                "notify_stop" => g with { NotifyStop = c.Script(n) },
                "track_script" => g with { TrackScripts = TrackedObjects.Read(n, c) },
                "track_interface" => g with { TrackInterfaces = TrackedObjects.Read(n, c) },
                "track_file" => g with { TrackFiles = TrackedObjects.Read(n, c) },
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
