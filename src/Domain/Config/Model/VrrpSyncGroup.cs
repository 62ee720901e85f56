namespace EsHa.Domain.Config.Model;

/// <summary>vrrp_sync_group: instances that change state together.</summary>
public sealed record VrrpSyncGroup : ConfigItem
{
    public required string Name { get; init; }

    public IReadOnlyList<GroupMember> Members { get; init; } = [];

    public ScriptCommand? Notify { get; init; }

    public ScriptCommand? NotifyMaster { get; init; }

    public ScriptCommand? NotifyBackup { get; init; }

    public ScriptCommand? NotifyFault { get; init; }

    public ScriptCommand? NotifyStop { get; init; }

    public IReadOnlyList<TrackedObject> TrackScripts { get; init; } = [];

    public IReadOnlyList<TrackedObject> TrackInterfaces { get; init; } = [];

    public IReadOnlyList<TrackedObject> TrackFiles { get; init; } = [];

    public bool SmtpAlert { get; init; }

    /// <summary>sync_group_tracking_weight: member trackers' weights count (otherwise they are ignored).</summary>
    public bool SyncGroupTrackingWeight { get; init; }
}

/// <summary>A name in a group { } list, with its line.</summary>
public sealed record GroupMember(string Name, Diagnostics.SourceLocation At);
