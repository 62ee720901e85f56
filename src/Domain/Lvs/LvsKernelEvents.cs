using System.Text.Json.Serialization;
using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;

namespace EsHa.Domain.Lvs;

/// <summary>What a node did to the kernel's LVS table and what the kernel said (stream "lvs"). Not decisions: the
/// record of reconciling the kernel (IPVS or nftables, <paramref name="Backend"/>) to the desired table.
/// <c>Note</c> carries an error keepalived tolerates (EEXIST on an add, ENOENT on a delete).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(LvsServiceAdded), "lvs.kernel.service-added.v1")]
[JsonDerivedType(typeof(LvsServiceChanged), "lvs.kernel.service-changed.v1")]
[JsonDerivedType(typeof(LvsServiceRemoved), "lvs.kernel.service-removed.v1")]
[JsonDerivedType(typeof(LvsDestinationAdded), "lvs.kernel.destination-added.v1")]
[JsonDerivedType(typeof(LvsWeightSet), "lvs.kernel.weight-set.v1")]
[JsonDerivedType(typeof(LvsDestinationRemoved), "lvs.kernel.destination-removed.v1")]
[JsonDerivedType(typeof(LvsMutationFailed), "lvs.kernel.mutation-failed.v1")]
[JsonDerivedType(typeof(LvsDriftFound), "lvs.kernel.drift-found.v1")]
public abstract record LvsKernelEvent(Instant At, string Backend) : Fact(At);

/// <summary>A service was created (<paramref name="Service"/> as ipvsadm names it, e.g. "TCP  192.168.126.100:80").</summary>
public sealed record LvsServiceAdded(Instant At, string Backend, string Service, string Scheduler, string? Note = null) : LvsKernelEvent(At, Backend);

/// <summary>A service's scheduler or persistence was changed.</summary>
public sealed record LvsServiceChanged(Instant At, string Backend, string Service, string Scheduler, string? Note = null) : LvsKernelEvent(At, Backend);

/// <summary>A service was deleted with its destinations.</summary>
public sealed record LvsServiceRemoved(Instant At, string Backend, string Service, string? Note = null) : LvsKernelEvent(At, Backend);

/// <summary>A destination was added to a service with its forwarding method and weight.</summary>
public sealed record LvsDestinationAdded(Instant At, string Backend, string Service, string Destination, string Method, int Weight,
    string? Note = null) : LvsKernelEvent(At, Backend);

/// <summary>A destination's weight (or method or thresholds) was set; weight 0 is keepalived's inhibit.</summary>
public sealed record LvsWeightSet(Instant At, string Backend, string Service, string Destination, int From, int To, string? Note = null)
    : LvsKernelEvent(At, Backend);

/// <summary>A destination was removed from a service.</summary>
public sealed record LvsDestinationRemoved(Instant At, string Backend, string Service, string Destination, string? Note = null)
    : LvsKernelEvent(At, Backend);

/// <summary>The kernel refused a mutation (<paramref name="Mutation"/> in words) with <paramref name="Error"/>; it is
/// tried again at the next reconcile.</summary>
public sealed record LvsMutationFailed(Instant At, string Backend, string Mutation, string Error) : LvsKernelEvent(At, Backend);

/// <summary>The kernel's table differed from the desired one without EsHa changing it (someone ran ipvsadm or nft):
/// <paramref name="Differences"/> are the corrections about to be made, in words.</summary>
public sealed record LvsDriftFound(Instant At, string Backend, IReadOnlyList<string> Differences) : LvsKernelEvent(At, Backend);
