namespace EsHa.Domain.Vrrp;

public static partial class VrrpDecider
{
    public static VrrpState Evolve(VrrpState state, VrrpEvent @event) => @event switch
    {
        // Starting (again, after a crash) begins from the settings and what the trackers said before the start.
        InstanceStarted e => new VrrpState(e.Settings) with
        {
            TrackerStatus = state.TrackerStatus,
            Drained = state.Drained,
            SourceAddressPresent = state.SourceAddressPresent,
            EffectivePriority = Tracking.EffectivePriority(e.Settings, state.TrackerStatus),
        },
        BecameBackup e => Backup(state, e),
        BecameMaster e => state with
        {
            Role = VrrpRole.Master,
            WantsMaster = false,
            GarpDueAt = state.Settings.Garp.Delay > TimeSpan.Zero ? e.At + state.Settings.Garp.Delay : null,
            GarpRefreshAt = state.Settings.Garp.Refresh > TimeSpan.Zero ? e.At + state.Settings.Garp.Refresh : null,
            MasterAdvertInterval = state.Settings.AdvertInterval,
            MasterDownAt = null,
            PreemptDelayUntil = null,
            Master = state.Settings.OwnAddress,
            MasterPriority = state.EffectivePriority,
        },
        EnteredFault e => Quiet(state, VrrpRole.Fault) with { FaultedBySyncGroup = e.Reason == FaultReason.SyncGroup },
        MasterWanted e => state with { WantsMaster = true, MasterDownAt = e.At + state.MasterDownInterval },
        LinkChanged e => state with { InterfaceUp = e.Up },
        InstanceStopped => Quiet(state, VrrpRole.Init),
        MasterAdvertAccepted e => state with
        {
            WantsMaster = false,
            MasterDownAt = e.At + state.MasterDownInterval,
            Master = e.Source,
            MasterPriority = e.Priority,
        },
        MasterResigned e => state with { MasterDownAt = e.At + state.SkewTime, Master = null, MasterPriority = 0 },
        LowerPriorityAdvertIgnored or AdvertRejected => state,
        PreemptDelayStarted e => state with { PreemptDelayUntil = e.Until },
        PreemptDelayStopped => state with { PreemptDelayUntil = null },
        MasterIntervalAdopted e => state with { MasterAdvertInterval = e.Interval },
        TrackerUpdated e => state with { TrackerStatus = state.TrackerStatus.SetItem(Tracking.Key(e.Kind, e.Name), e.Value) },
        PriorityChanged e => state with { EffectivePriority = e.To },
        VipDriftFound => state,
        LeftoverVipsFound => state,
        SourceAddressChanged { Address: null } => state with { SourceAddressPresent = false },
        SourceAddressChanged { Address: { } address } => state with { SourceAddressPresent = true, Settings = state.Settings with { OwnAddress = address } },
        OperatorCommandTaken e => state with { Drained = e.Action == OperatorAction.Drain },
        SyncGroupFaultHeld => state with { FaultedBySyncGroup = true },
        SettingsChanged e => state with
        {
            Settings = e.Settings,
            // A VRRPv3 backup keeps the interval it learnt from the master; everyone else takes the new one.
            MasterAdvertInterval = state.Role == VrrpRole.Backup && e.Settings.Version == 3 ? state.MasterAdvertInterval : e.Settings.AdvertInterval,
        },
        GratuitousArpsSent { Reason: GarpReason.Delayed } => state with { GarpDueAt = null },
        GratuitousArpsSent e => state with { GarpRefreshAt = e.At + state.Settings.Garp.Refresh },
        AdvertSent e when e.Reason is AdvertReason.BecomingMaster or AdvertReason.Periodic =>
            state with { AdvertDueAt = e.At + state.MasterAdvertInterval },
        AdvertSent => state,
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "an event VrrpDecider does not know"),
    };

    /// <summary>Folds a batch of events from one Decide and checks the state's invariants afterwards.</summary>
    public static VrrpState Apply(VrrpState state, IReadOnlyList<VrrpEvent> events)
    {
        foreach (var @event in events)
        {
            state = Evolve(state, @event);
        }

        CheckInvariants(state);
        return state;
    }

    public static void CheckInvariants(VrrpState state)
    {
        Invariant.Holds(state.Role != VrrpRole.Master || (state.AdvertDueAt is not null && state.MasterDownAt is null));
        Invariant.Holds(state.Role != VrrpRole.Backup || (state.MasterDownAt is not null && state.AdvertDueAt is null));
        Invariant.Holds(state.Role is VrrpRole.Master or VrrpRole.Backup || (state.MasterDownAt is null && state.AdvertDueAt is null));
        Invariant.Holds(state.EffectivePriority != VrrpAdvert.PriorityOwner || state.Settings.IsAddressOwner);
        Invariant.Holds(state.EffectivePriority is >= 1 and <= VrrpAdvert.PriorityOwner);
        Invariant.Holds(state.PreemptDelayUntil is null || state.Role == VrrpRole.Backup);
        Invariant.Holds((state.GarpDueAt is null && state.GarpRefreshAt is null) || state.Role == VrrpRole.Master);
    }

    /// <summary>A backup counts Master_Down_Interval from now with the interval it has (a demoted VRRPv3 master keeps
    /// the interval it adopted); a would-be master starting up waits only one interval and the least skew.</summary>
    private static VrrpState Backup(VrrpState state, BecameBackup e)
    {
        var backup = state with
        {
            Role = VrrpRole.Backup,
            WantsMaster = false,
            FaultedBySyncGroup = false,
            MasterAdvertInterval = e.From == VrrpRole.Master ? state.MasterAdvertInterval : state.Settings.AdvertInterval,
            AdvertDueAt = null,
            GarpDueAt = null,
            GarpRefreshAt = null,
            PreemptDelayUntil = null,
            Master = e.Master,
            MasterPriority = e.MasterPriority,
        };
        var wouldBeMaster = e.From == VrrpRole.Init && state.Settings.InitialState == Config.Model.InitialState.Master;
        return backup with { MasterDownAt = e.At + (wouldBeMaster ? backup.FirstWaitAsWouldBeMaster : backup.MasterDownInterval) };
    }

    private static VrrpState Quiet(VrrpState state, VrrpRole role) => state with
    {
        Role = role,
        MasterDownAt = null,
        AdvertDueAt = null,
        GarpDueAt = null,
        GarpRefreshAt = null,
        PreemptDelayUntil = null,
        WantsMaster = false,
        Master = null,
        MasterPriority = 0,
        MasterAdvertInterval = state.Settings.AdvertInterval,
    };
}
