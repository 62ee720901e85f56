using EsHa.Domain.Vrrp;

namespace EsHa.Domain.Facts;

/// <summary>
/// Anything a node journals, stamped with the node's monotonic instant: an input that reached the domain
/// (<see cref="VrrpInput"/>) or what the domain decided (<see cref="VrrpEvent"/>, <see cref="SyncGroups.SyncGroupChanged"/>).
/// Recording the inputs beside the events is what lets a journal answer "why" (each event names the input that
/// caused it) and "what if" (the same inputs, another configuration).
/// </summary>
public abstract record Fact(Instant At);
