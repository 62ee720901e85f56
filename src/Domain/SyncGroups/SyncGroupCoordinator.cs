using EsHa.Domain.Vrrp;

namespace EsHa.Domain.SyncGroups;

/// <summary>
/// keepalived's vrrp_sync.c as pure rules over the members of one vrrp_sync_group on a node. <see cref="Gate"/> runs
/// before an input reaches a member (a member may go master only when the group already is, or when every other
/// member is ready too); <see cref="Follow"/> runs after a member's events and says what the others must do: one
/// going FAULT takes all to FAULT, one falling back from MASTER takes all to BACKUP, one becoming MASTER takes all
/// there, and the group leaves FAULT when no member has a fault of its own.
/// </summary>
public static class SyncGroupCoordinator
{
    public static VrrpInput Gate(IReadOnlyDictionary<string, VrrpState> members, string instance, VrrpInput input)
    {
        var state = members[instance];
        if (input is not MasterDownTimerFired fired || state.Role != VrrpRole.Backup || state.MasterDownAt is not { } down || fired.At < down)
        {
            return input;
        }

        var others = members.Where(m => m.Key != instance).Select(m => m.Value).ToList();
        var canGoMaster = others.Any(o => o.Role == VrrpRole.Master) || others.All(o => o.WantsMaster);
        return canGoMaster ? input : new MasterDownHeld(fired.At);
    }

    public static IReadOnlyList<(string Instance, VrrpInput Input)> Follow(string group, IReadOnlyDictionary<string, VrrpState> members,
        string instance, IReadOnlyList<VrrpEvent> events)
    {
        var moves = new List<(string, VrrpInput)>();
        var others = members.Keys.Where(m => m != instance).Order(StringComparer.Ordinal).ToList();
        foreach (var e in events)
        {
            switch (e)
            {
                case BecameMaster { Reason: not MasterReason.SyncGroup }:
                    moves.AddRange(others.Select(m => Move(m, e, group, instance, VrrpRole.Master)));
                    break;
                case BecameBackup { From: VrrpRole.Master, Reason: not BackupReason.SyncGroup }:
                    moves.AddRange(others.Select(m => Move(m, e, group, instance, VrrpRole.Backup)));
                    break;
                case EnteredFault { Reason: not FaultReason.SyncGroup }:
                    // Every member, the one that failed too: the group now holds each of them in FAULT, so that one
                    // member's own fault ending does not take it out while another's goes on.
                    moves.AddRange(members.Keys.Order(StringComparer.Ordinal).Select(m => Move(m, e, group, instance, VrrpRole.Fault)));
                    break;
            }
        }

        // The group leaves FAULT when no member has a fault of its own any more.
        if (events.Count > 0 && moves.Count == 0 && members.Values.Any(s => s.Role == VrrpRole.Fault)
            && !members.Values.Any(s => s.HasOwnFault))
        {
            moves.AddRange(members.Where(m => m.Value.FaultedBySyncGroup).Select(m => m.Key).Order(StringComparer.Ordinal)
                .Select(m => Move(m, events[^1], group, instance, VrrpRole.Backup)));
        }

        return moves;
    }

    /// <summary>
    /// The group's own state, as keepalived keeps it for its GROUP notifies: FAULT when any member is, MASTER or
    /// BACKUP when all members are, Init when all have stopped; null while members are between states (the group
    /// keeps the state it had).
    /// </summary>
    public static VrrpRole? GroupRole(IReadOnlyDictionary<string, VrrpState> members)
    {
        var roles = members.Values.Select(s => s.Role).ToList();
        return roles switch
        {
            _ when roles.Contains(VrrpRole.Fault) => VrrpRole.Fault,
            _ when roles.All(r => r == VrrpRole.Master) => VrrpRole.Master,
            _ when roles.All(r => r == VrrpRole.Backup) => VrrpRole.Backup,
            _ when roles.All(r => r == VrrpRole.Init) => VrrpRole.Init,
            _ => null,
        };
    }

    private static (string, VrrpInput) Move(string member, VrrpEvent cause, string group, string instance, VrrpRole target) =>
        (member, new SyncGroupMoved(cause.At, group, instance, target));
}
