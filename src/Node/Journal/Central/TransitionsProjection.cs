using EsHa.Projections.Forensics;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace EsHa.Node.Journal.Central;

/// <summary>
/// Inline projection from shipped records to the read models the forensics queries need: VIP and instance
/// transitions, read with the same <see cref="RoleChange"/> as the journals' read models, one document each (inserts
/// only: no read-modify-write, so batches and retries stay simple and idempotent — a re-shipped record writes the same
/// document id).
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
        var change = RoleChange.Of(fact);
        if (change is not null)
        {
            operations.Store(new InstanceTransition
            {
                Id = $"{record.Node}/{record.Sequence}",
                Node = record.Node,
                Instance = record.Stream,
                State = change.To?.ToString().ToUpperInvariant() ?? "STOP",
                Reason = change.To is null ? "" : change.Reason,
                Wall = record.Wall,
                Sequence = record.Sequence,
            });
        }

        if (change is { TookVips: true } or { GaveUpVips: true })
        {
            foreach (var vip in record.Vips)
            {
                operations.Store(new VipTransition
                {
                    Id = $"{vip}/{record.Node}/{record.Sequence}",
                    Vip = vip,
                    Node = record.Node,
                    Instance = record.Stream,
                    Held = change.TookVips,
                    Wall = record.Wall,
                    Sequence = record.Sequence,
                    Cause = record.Type,
                });
            }
        }

        return ValueTask.CompletedTask;
    }
}
