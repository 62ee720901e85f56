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
                    moves.AddRange(others.Select(m => Move(m, e, group, instance, VrrpRole.Fault)));
                    break;
                case BecameBackup { From: VrrpRole.Fault, Reason: not BackupReason.SyncGroup }
                    when others.Any(m => members[m].HasOwnFault):
                    // Its own fault is over, but another member still has one: the group stays in FAULT.
                    moves.Add(Move(instance, e, group, instance, VrrpRole.Fault));
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

    private static (string, VrrpInput) Move(string member, VrrpEvent cause, string group, string instance, VrrpRole target) =>
        (member, new SyncGroupMoved(cause.At, group, instance, target));
}
