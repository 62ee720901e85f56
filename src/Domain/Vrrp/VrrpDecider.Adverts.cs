namespace EsHa.Domain.Vrrp;

public static partial class VrrpDecider
{
    private static IReadOnlyList<VrrpEvent> OnAdvertReceived(VrrpState state, AdvertReceived received)
    {
        if (state.Role is VrrpRole.Init or VrrpRole.Fault)
        {
            return [];
        }

        if (Check(state, received) is { } rejection)
        {
            return [rejection];
        }

        return state.Role == VrrpRole.Backup ? DecideAsBackup(state, received) : DecideAsMaster(state, received);
    }

    /// <summary>keepalived's vrrp_state_backup().</summary>
    private static IReadOnlyList<VrrpEvent> DecideAsBackup(VrrpState state, AdvertReceived received)
    {
        var (at, advert) = (received.At, received.Advert);
        if (advert.Priority == VrrpAdvert.PriorityResign)
        {
            return [new MasterResigned(at, received.Source)];
        }

        var delayRunning = state.Settings.PreemptDelay > TimeSpan.Zero && (state.PreemptDelayUntil is not { } until || until > at);
        if (!(state.Settings.NoPreempt || advert.Priority >= state.EffectivePriority || delayRunning))
        {
            // Lower priority, preemption allowed and any preempt_delay over: let the down timer run out.
            return [new LowerPriorityAdvertIgnored(at, received.Source, advert.Priority)];
        }

        var events = new List<VrrpEvent>(3);
        if (state.Settings.Version == 3 && advert.AdvertInterval != state.MasterAdvertInterval)
        {
            events.Add(new MasterIntervalAdopted(at, advert.AdvertInterval));
        }

        events.Add(new MasterAdvertAccepted(at, received.Source, advert.Priority));
        if (state.Settings.PreemptDelay > TimeSpan.Zero)
        {
            if (advert.Priority >= state.EffectivePriority && state.PreemptDelayUntil is not null)
            {
                events.Add(new PreemptDelayStopped(at));
            }
            else if (advert.Priority < state.EffectivePriority && state.PreemptDelayUntil is null)
            {
                events.Add(new PreemptDelayStarted(at, at + state.Settings.PreemptDelay));
            }
        }

        return events;
    }

    /// <summary>keepalived's vrrp_state_master_rx().</summary>
    private static IReadOnlyList<VrrpEvent> DecideAsMaster(VrrpState state, AdvertReceived received)
    {
        var (at, advert) = (received.At, received.Advert);
        var ours = state.EffectivePriority;
        var address = CompareAddresses(received.Source, state.Settings.OwnAddress);
        if (advert.Priority == VrrpAdvert.PriorityResign)
        {
            return [new AdvertSent(at, ours, AdvertReason.AnswerResignation)];
        }

        var events = new List<VrrpEvent>(4);
        if (advert.Priority == ours && ours == VrrpAdvert.PriorityOwner && address != 0)
        {
            // Two address owners: keepalived calls it a configuration error and lowers its own priority to 254.
            events.Add(new PriorityChanged(at, ours, VrrpAdvert.PriorityOwner - 1));
            ours = VrrpAdvert.PriorityOwner - 1;
        }

        if (advert.Priority < ours || (advert.Priority == ours && address < 0))
        {
            return state.Settings.LowerPrioNoAdvert ? events : [.. events, new AdvertSent(at, ours, AdvertReason.AnswerLowerPriority)];
        }

        if (advert.Priority == ours && address == 0)
        {
            // Our own priority from our own address: another host configured with our IP. keepalived only logs it.
            return events;
        }

        if (state.Settings.HigherPrioSendAdvert)
        {
            events.Add(new AdvertSent(at, ours, AdvertReason.AnswerHigherPriority));
        }

        if (state.Settings.Version == 3 && advert.AdvertInterval != state.MasterAdvertInterval)
        {
            events.Add(new MasterIntervalAdopted(at, advert.AdvertInterval));
        }

        var reason = advert.Priority > ours ? BackupReason.HigherPriorityMaster : BackupReason.EqualPriorityHigherAddress;
        events.Add(new BecameBackup(at, VrrpRole.Master, reason, received.Source, advert.Priority));
        return events;
    }

    /// <summary>Addresses compare as unsigned numbers in network order (keepalived's inet_sockaddrcmp).</summary>
    private static int CompareAddresses(System.Net.IPAddress a, System.Net.IPAddress b)
    {
        var (x, y) = (a.GetAddressBytes(), b.GetAddressBytes());
        return x.Length != y.Length ? x.Length.CompareTo(y.Length) : x.AsSpan().SequenceCompareTo(y);
    }
}
