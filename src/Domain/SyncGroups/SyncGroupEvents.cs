using System.Text.Json.Serialization;
using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;

namespace EsHa.Domain.SyncGroups;

/// <summary>What a vrrp_sync_group did as a whole (keepalived keeps a state per group and notifies on it:
/// <c>GROUP "VG_1" MASTER 0</c>).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SyncGroupChanged), "sync-group.changed.v1")]
public abstract record SyncGroupEvent(Instant At, string Group) : Fact(At);

/// <summary>The group's state moved; <paramref name="Member"/> is the instance whose change moved it.</summary>
public sealed record SyncGroupChanged(Instant At, string Group, VrrpRole From, VrrpRole To, string Member) : SyncGroupEvent(At, Group);
