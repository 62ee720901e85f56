using EsHa.Domain.Vrrp;

namespace EsHa.Node.Runtime;

/// <summary>An event as a node records it: the node, its per-node sequence, the instance, the number of the input that
/// produced it (events of one input share it), the wall-clock time the node read for that input, and, for an event a
/// sync group caused in another member, the sequence of the member's event that caused it.</summary>
public sealed record RecordedEvent(string Node, long Sequence, string Instance, long InputNumber, VrrpEvent Event)
{
    public DateTimeOffset Wall { get; init; }

    public long? CausedBy { get; init; }
}
