using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace EsHa.Node.Journal.Central;

/// <summary>
/// Inline projection from shipped records to the read models the forensics queries need: VIP and instance
/// transitions, one document each (inserts only: no read-modify-write, so batches and retries stay simple and
/// idempotent — a re-shipped record writes the same document id).
/// </summary>
public sealed partial class TransitionsProjection : EventProjection
{
    private static readonly HashSet<string> Moves = ["vrrp.became-master.v1", "vrrp.became-backup.v1", "vrrp.entered-fault.v1",
        "vrrp.instance-stopped.v1", "node.restarted.v1", "node.stopped.v1"];

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        if (e.Data is not ShippedRecord record || !Moves.Contains(record.Type))
        {
            return ValueTask.CompletedTask;
        }

        var fact = JournalLine.Parse(record.Body).Fact;
        var (state, reason) = fact switch
        {
            BecameMaster m => ("MASTER", m.Reason.ToString()),
            BecameBackup b => ("BACKUP", b.Reason.ToString()),
            EnteredFault f => ("FAULT", f.Reason.ToString()),
            InstanceStopped => ("STOP", ""),
            _ => ("", ""),
        };
        if (state.Length > 0)
        {
            operations.Store(new InstanceTransition
            {
                Id = $"{record.Node}/{record.Sequence}",
                Node = record.Node,
                Instance = record.Stream,
                State = state,
                Reason = reason,
                Wall = record.Wall,
                Sequence = record.Sequence,
            });
        }

        var held = fact is BecameMaster;
        var left = fact is BecameBackup { From: VrrpRole.Master } or EnteredFault { From: VrrpRole.Master } or InstanceStopped { From: VrrpRole.Master };
        if (held || left)
        {
            foreach (var vip in record.Vips)
            {
                operations.Store(new VipTransition
                {
                    Id = $"{vip}/{record.Node}/{record.Sequence}",
                    Vip = vip,
                    Node = record.Node,
                    Instance = record.Stream,
                    Held = held,
                    Wall = record.Wall,
                    Sequence = record.Sequence,
                    Cause = record.Type,
                });
            }
        }

        return ValueTask.CompletedTask;
    }
}
