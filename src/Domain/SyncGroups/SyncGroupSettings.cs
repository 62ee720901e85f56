using EsHa.Domain.Config.Model;
using EsHa.Domain.Vrrp;

namespace EsHa.Domain.SyncGroups;

/// <summary>A vrrp_sync_group's own notifies: notify_master/backup/fault/stop, the generic notify (run with
/// GROUP NAME STATE 0) and the notify FIFO (GROUP "VG_1" MASTER 0).</summary>
public sealed record SyncGroupSettings(string Name, NotifySettings Notify)
{
    public static SyncGroupSettings From(VrrpSyncGroup group, KeepalivedConfig config) =>
        new(group.Name, new NotifySettings(group.NotifyMaster?.CommandLine, group.NotifyBackup?.CommandLine,
            group.NotifyFault?.CommandLine, group.NotifyStop?.CommandLine, group.Notify?.CommandLine,
            config.Global.NotifyFifo is not null || config.Global.VrrpNotifyFifo is not null));
}
