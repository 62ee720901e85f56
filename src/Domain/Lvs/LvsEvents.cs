using System.Text.Json.Serialization;
using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;

namespace EsHa.Domain.Lvs;

/// <summary>What the health-checking side decided, about one real server (stream "VS/RS") or one virtual server
/// (stream "VS"). The desired LVS table is a fold of these.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RealServerStarted), "lvs.real-server-started.v1")]
[JsonDerivedType(typeof(CheckAttemptFailed), "lvs.check-attempt-failed.v1")]
[JsonDerivedType(typeof(CheckerWentDown), "lvs.checker-went-down.v1")]
[JsonDerivedType(typeof(CheckerWentUp), "lvs.checker-went-up.v1")]
[JsonDerivedType(typeof(RealServerWentDown), "lvs.real-server-went-down.v1")]
[JsonDerivedType(typeof(RealServerWentUp), "lvs.real-server-went-up.v1")]
[JsonDerivedType(typeof(RealServerWeightChanged), "lvs.real-server-weight-changed.v1")]
[JsonDerivedType(typeof(RealServerStopped), "lvs.real-server-stopped.v1")]
[JsonDerivedType(typeof(QuorumGained), "lvs.quorum-gained.v1")]
[JsonDerivedType(typeof(QuorumLost), "lvs.quorum-lost.v1")]
public abstract record LvsEvent(Instant At, string VirtualServer) : Fact(At);

/// <summary>A real server's checkers started: <paramref name="Alive"/> is false when any checker starts down
/// (alpha); <paramref name="Weight"/> is its configured weight.</summary>
public sealed record RealServerStarted(Instant At, string VirtualServer, string RealServer, bool Alive, int Weight) : LvsEvent(At, VirtualServer);

/// <summary>A probe failed while the checker was up: attempt <paramref name="Attempt"/> of the
/// <paramref name="Of"/> (1 + retry) that take it down; the next attempt comes delay_before_retry later.</summary>
public sealed record CheckAttemptFailed(Instant At, string VirtualServer, string RealServer, string Checker, int Attempt, int Of,
    string Reason) : LvsEvent(At, VirtualServer);

/// <summary>A checker went down after <paramref name="Attempts"/> (the reasons of the consecutive failures, oldest first).</summary>
public sealed record CheckerWentDown(Instant At, string VirtualServer, string RealServer, string Checker, IReadOnlyList<string> Attempts)
    : LvsEvent(At, VirtualServer);

/// <summary>A checker went up (for HTTP_GET/SSL_GET after a clean pass over its urls).</summary>
public sealed record CheckerWentUp(Instant At, string VirtualServer, string RealServer, string Checker) : LvsEvent(At, VirtualServer);

/// <summary>The real server is dead: its first checker went down (<paramref name="Checker"/>). It leaves the table,
/// or stays at weight 0 with inhibit_on_failure; notify_down runs.</summary>
public sealed record RealServerWentDown(Instant At, string VirtualServer, string RealServer, string Checker, bool Inhibited)
    : LvsEvent(At, VirtualServer);

/// <summary>The real server is alive again: all its checkers are up; it returns at <paramref name="Weight"/>.</summary>
public sealed record RealServerWentUp(Instant At, string VirtualServer, string RealServer, int Weight) : LvsEvent(At, VirtualServer);

/// <summary>A MISC_CHECK with misc_dynamic set a new weight (exit status − 2; status 0 restores the configured one).</summary>
public sealed record RealServerWeightChanged(Instant At, string VirtualServer, string RealServer, int From, int To, string Checker)
    : LvsEvent(At, VirtualServer);

/// <summary>The node stopped the real server's checkers (shutdown or reload): it leaves the table.</summary>
public sealed record RealServerStopped(Instant At, string VirtualServer, string RealServer) : LvsEvent(At, VirtualServer);

/// <summary>The summed weight of live real servers reached quorum + hysteresis: real servers serve (a sorry server
/// steps aside); quorum_up runs.</summary>
public sealed record QuorumGained(Instant At, string VirtualServer, int WeightSum, int Threshold) : LvsEvent(At, VirtualServer);

/// <summary>The summed weight fell below quorum − hysteresis (or to 0): the sorry server, if any, takes over;
/// quorum_down runs.</summary>
public sealed record QuorumLost(Instant At, string VirtualServer, int WeightSum, int Threshold) : LvsEvent(At, VirtualServer);
