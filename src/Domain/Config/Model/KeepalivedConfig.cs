namespace EsHa.Domain.Config.Model;

/// <summary>The whole configuration of one node, as keepalived would act on it.</summary>
public sealed record KeepalivedConfig
{
    public GlobalDefs Global { get; init; } = new();

    public IReadOnlyList<VrrpScript> Scripts { get; init; } = [];

    public IReadOnlyList<TrackFile> TrackFiles { get; init; } = [];

    public IReadOnlyList<VrrpSyncGroup> SyncGroups { get; init; } = [];

    public IReadOnlyList<VrrpInstance> Instances { get; init; } = [];

    public IReadOnlyList<VirtualServerGroup> VirtualServerGroups { get; init; } = [];

    public IReadOnlyList<VirtualServer> VirtualServers { get; init; } = [];

    /// <summary>Top-level blocks EsHa parses and keeps but does not act on (static_ipaddress, bfd_instance, ...).</summary>
    public IReadOnlyList<CarriedSetting> Carried { get; init; } = [];

    /// <summary>Every file read, main file first, in reading order.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
}
