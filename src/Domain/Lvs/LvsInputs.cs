using System.Text.Json.Serialization;
using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;

namespace EsHa.Domain.Lvs;

/// <summary>What reaches the health-checking side of a node, stamped with the node's instant. Probe results are the
/// inputs that matter for replay: the same results through another configuration give another table.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(CheckersStartRequested), "lvs.input.checkers-start-requested.v1")]
[JsonDerivedType(typeof(ProbeCompleted), "lvs.input.probe-completed.v1")]
[JsonDerivedType(typeof(CheckersStopRequested), "lvs.input.checkers-stop-requested.v1")]
public abstract record LvsInput(Instant At) : Fact(At);

/// <summary>A virtual server's checkers start (node start or reload): real servers begin up, or down with alpha.</summary>
public sealed record CheckersStartRequested(Instant At, string VirtualServer) : LvsInput(At);

/// <summary>The node is stopping: the virtual server's real servers leave the table (notifies only with omega).</summary>
public sealed record CheckersStopRequested(Instant At, string VirtualServer) : LvsInput(At);

/// <summary>One probe of one checker finished. <paramref name="Reason"/> says why it failed ("HTTP 403 for
/// /index.html from 192.168.126.138:80", "connect timeout after 1 s"); <paramref name="ExitCode"/> is a MISC_CHECK's
/// exit status (misc_dynamic turns 2–255 into a weight); <paramref name="Url"/> which url an HTTP checker fetched.</summary>
public sealed record ProbeCompleted(Instant At, string VirtualServer, string RealServer, int Checker, bool Succeeded,
    string? Reason = null, int? ExitCode = null, int Url = 0) : LvsInput(At);
