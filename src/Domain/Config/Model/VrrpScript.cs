namespace EsHa.Domain.Config.Model;

/// <summary>vrrp_script: a tracked command, run every <see cref="Interval"/>; keepalived's defaults.</summary>
public sealed record VrrpScript : ConfigItem
{
    public required string Name { get; init; }

    public ScriptCommand? Script { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>null: the interval is the timeout, as in keepalived.</summary>
    public TimeSpan? Timeout { get; init; }

    public int Weight { get; init; }

    public bool WeightReverse { get; init; }

    public int Rise { get; init; } = 1;

    public int Fall { get; init; } = 1;

    public string? User { get; init; }

    public string? Group { get; init; }

    public bool InitFail { get; init; }
}

/// <summary>track_file (vrrp_track_file): a file holding a number that changes the priority.</summary>
public sealed record TrackFile : ConfigItem
{
    public required string Name { get; init; }

    public string? File { get; init; }

    public int Weight { get; init; } = 1;

    public bool WeightReverse { get; init; }

    /// <summary>init_file: create the file at start (with <see cref="InitValue"/>), optionally overwriting it.</summary>
    public bool InitFile { get; init; }

    public int InitValue { get; init; }

    public bool InitOverwrite { get; init; }
}
