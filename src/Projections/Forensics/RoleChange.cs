using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;

namespace EsHa.Projections.Forensics;

/// <summary>
/// What a record says about an instance's role: the role it enters (null: it stopped) from the one it left, and why.
/// The one reading of role changes that the journal read models (<see cref="StateIntervals"/>) and the central
/// store's inline projection share, so both tell the same story.
/// </summary>
public sealed record RoleChange(VrrpRole? To, VrrpRole? From, string Reason)
{
    /// <summary>The instance took its VIPs (became MASTER).</summary>
    public bool TookVips => To == VrrpRole.Master;

    /// <summary>The instance gave its VIPs up (left MASTER).</summary>
    public bool GaveUpVips => From == VrrpRole.Master && To != VrrpRole.Master;

    public static RoleChange? Of(Fact fact) => fact switch
    {
        InstanceStarted => new(VrrpRole.Init, null, "started"),
        BecameMaster m => new(VrrpRole.Master, m.From, m.Reason.ToString()),
        BecameBackup b => new(VrrpRole.Backup, b.From, b.Reason.ToString()),
        EnteredFault f => new(VrrpRole.Fault, f.From, f.Reason.ToString()),
        InstanceStopped s => new(null, s.From, "stopped"),
        _ => null,
    };
}
