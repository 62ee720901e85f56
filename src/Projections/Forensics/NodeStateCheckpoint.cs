using EsHa.Domain.Vrrp;

namespace EsHa.Projections.Forensics;

/// <summary>
/// What a <see cref="NodeStateFold"/> holds after some record of a node's journal: enough to go on folding from there
/// instead of from the journal's first record. A node's journal keeps one now and then beside its records (derived
/// data, outside the hash chain: a missing or unreadable one only costs time), so `esha replay --at T` over a week
/// folds an hour, not the week.
/// </summary>
/// <param name="Process">the node's process and configuration</param>
/// <param name="Instances">each instance's state as the domain folded it, and since when it has had its role</param>
/// <param name="Services">the LVS table as programmed</param>
/// <param name="RealServers">each real server's open health interval</param>
public sealed record NodeStateCheckpoint(NodeAt? Process, IReadOnlyList<InstanceCheckpoint> Instances,
    IReadOnlyList<ServiceCheckpoint> Services, IReadOnlyList<HealthInterval> RealServers);

public sealed record InstanceCheckpoint(string Stream, VrrpState State, DateTimeOffset Since);

public sealed record ServiceCheckpoint(string Service, string Scheduler, IReadOnlyList<DestinationCheckpoint> Destinations);

public sealed record DestinationCheckpoint(string Destination, string Method, int Weight);
