using System.Text.Json.Serialization;
using EsHa.Domain.Vrrp;

namespace EsHa.Domain.Facts;

/// <summary>What happened to a node as a whole (not to one instance).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(NodeStarted), "node.started.v1")]
[JsonDerivedType(typeof(ConfigLoaded), "node.config-loaded.v1")]
public abstract record NodeEvent(Instant At) : Fact(At);

/// <summary>The node's process started: every instance's state begins again from here (nothing of a VRRP state
/// survives a process, as in keepalived).</summary>
public sealed record NodeStarted(Instant At) : NodeEvent(At);

/// <summary>A configuration was loaded (at start, or by a reload): where from, a SHA-256 of the model as loaded, and
/// for a reload the semantic changes (<see cref="Config.Diff.ConfigDiff"/>, one line each).</summary>
public sealed record ConfigLoaded(Instant At, string Source, string Digest, IReadOnlyList<string> Changes) : NodeEvent(At);
