namespace EsHa.Domain.Config.Model;

/// <summary>real_server IP [PORT] and its health checkers.</summary>
public sealed record RealServer : ConfigItem
{
    public required string Address { get; init; }

    public int? Port { get; init; }

    /// <summary>As written; null: the virtual server's weight, else 1 (see VirtualServer.WeightOf).</summary>
    public int? Weight { get; init; }

    public ForwardingMethod? ForwardingMethod { get; init; }

    /// <summary>What followed lvs_method's method on its line (tunnel type, port, checksum).</summary>
    public IReadOnlyList<string> ForwardingOptions { get; init; } = [];

    public bool? InhibitOnFailure { get; init; }

    public ScriptCommand? NotifyUp { get; init; }

    public ScriptCommand? NotifyDown { get; init; }

    public int? UpperThreshold { get; init; }

    public int? LowerThreshold { get; init; }

    public bool? Alpha { get; init; }

    public int? Retry { get; init; }

    public TimeSpan? DelayBeforeRetry { get; init; }

    public TimeSpan? ConnectTimeout { get; init; }

    public TimeSpan? Warmup { get; init; }

    public TimeSpan? DelayLoop { get; init; }

    public string? Virtualhost { get; init; }

    public IReadOnlyList<HealthChecker> Checkers { get; init; } = [];

    public override string ToString() => Port is { } p ? Endpoint.Format(Address, p) : Address;
}
