using EsHa.Domain.Vrrp;

namespace EsHa.Node.Runtime;

/// <summary>An event as a node records it: the node, its per-node sequence, the instance, and the input that caused
/// it (causation: the sequence of the first event of the same input's batch; correlation: the input's number).</summary>
public sealed record RecordedEvent(string Node, long Sequence, string Instance, long InputNumber, VrrpEvent Event);
