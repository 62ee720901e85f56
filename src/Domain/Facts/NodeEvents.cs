using System.Text.Json.Serialization;
using EsHa.Domain.Vrrp;

namespace EsHa.Domain.Facts;

/// <summary>What happened to a node as a whole (not to one instance).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(JournalCreated), "node.journal-created.v1")]
[JsonDerivedType(typeof(JournalGap), "node.journal-gap.v1")]
[JsonDerivedType(typeof(NodeStarted), "node.started.v1")]
[JsonDerivedType(typeof(NodeRestarted), "node.restarted.v1")]
[JsonDerivedType(typeof(NodeStopped), "node.stopped.v1")]
[JsonDerivedType(typeof(ConfigLoaded), "node.config-loaded.v1")]
public abstract record NodeEvent(Instant At) : Fact(At);

/// <summary>The first record of every journal: whose it is and when it was made (its hash starts the chain).</summary>
public sealed record JournalCreated(Instant At, string Node, DateTimeOffset Created) : NodeEvent(At);

/// <summary>Records <paramref name="FirstSequence"/>..<paramref name="LastSequence"/> were decided and acted on but
/// could not be written (the writer's queue overflowed, or the disk failed: <paramref name="Reason"/>). Written, in
/// place of the first of them, as soon as writing works again; the chain goes on through it.</summary>
public sealed record JournalGap(Instant At, long FirstSequence, long LastSequence, string Reason) : NodeEvent(At);

/// <summary>The node's process started for the first time on this journal: every instance's state begins here.</summary>
public sealed record NodeStarted(Instant At) : NodeEvent(At);

/// <summary>The node's process started again on this journal; <paramref name="CleanStop"/> says whether the run before
/// ended with <see cref="NodeStopped"/> (false: it was killed or crashed). Every instance's state begins again here
/// (nothing of a VRRP state survives a process, as in keepalived).</summary>
public sealed record NodeRestarted(Instant At, bool CleanStop) : NodeEvent(At);

/// <summary>The node stopped cleanly (its instances stopped first, with priority 0 from masters).</summary>
public sealed record NodeStopped(Instant At) : NodeEvent(At);

/// <summary>A configuration was loaded (at start, or by a reload): where from, a SHA-256 of the model as loaded, and
/// for a reload the semantic changes (<see cref="Config.Diff.ConfigDiff"/>, one line each).</summary>
public sealed record ConfigLoaded(Instant At, string Source, string Digest, IReadOnlyList<string> Changes) : NodeEvent(At);
