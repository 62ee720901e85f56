namespace EsHa.Domain.Config.Model;

/// <summary>global_defs, with keepalived's defaults.</summary>
public sealed record GlobalDefs : ConfigItem
{
    public string? RouterId { get; init; }

    public int VrrpVersion { get; init; } = 2;

    public string VrrpMcastGroup4 { get; init; } = "224.0.0.18";

    public string VrrpMcastGroup6 { get; init; } = "ff02::12";

    public string? ScriptUser { get; init; }

    public string? ScriptGroup { get; init; }

    public bool EnableScriptSecurity { get; init; }

    public FifoSetting? NotifyFifo { get; init; }

    public FifoSetting? VrrpNotifyFifo { get; init; }

    public FifoSetting? LvsNotifyFifo { get; init; }

    public TimeSpan VrrpGarpMasterDelay { get; init; } = TimeSpan.FromSeconds(5);

    public int VrrpGarpMasterRepeat { get; init; } = 5;

    public TimeSpan VrrpGarpMasterRefresh { get; init; }

    public int VrrpGarpMasterRefreshRepeat { get; init; } = 1;

    public TimeSpan? VrrpGarpLowerPrioDelay { get; init; }

    public int? VrrpGarpLowerPrioRepeat { get; init; }

    public TimeSpan VrrpGarpInterval { get; init; }

    public TimeSpan VrrpGnaInterval { get; init; }

    public bool VrrpLowerPrioNoAdvert { get; init; }

    public bool VrrpHigherPrioSendAdvert { get; init; }

    /// <summary>max_auto_priority: null when not given; -1 disables it; given bare, 99 (the SCHED_RR maximum).</summary>
    public int? MaxAutoPriority { get; init; }

    public bool VrrpStrict { get; init; }

    public bool VrrpSkipCheckAdvAddr { get; init; }

    public bool VrrpCheckUnicastSrc { get; init; }

    public IReadOnlyList<string> NotificationEmail { get; init; } = [];

    public string? NotificationEmailFrom { get; init; }

    public string? SmtpServer { get; init; }

    public int SmtpPort { get; init; } = 25;

    public string? SmtpHeloName { get; init; }

    public TimeSpan SmtpConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public bool SmtpAlert { get; init; }

    public bool? SmtpAlertVrrp { get; init; }

    public bool? SmtpAlertChecker { get; init; }
}

/// <summary>A notify FIFO: its path, and the script keepalived starts to read it.</summary>
public sealed record FifoSetting(string Path, string? Script, string? User);
