using System.Collections.Immutable;
using EsHa.Domain.Config.Model;

namespace EsHa.Domain.Vrrp;

public enum TrackerKind
{
    Script,
    Interface,
    File,
}

/// <summary>One tracked object of an instance with the weight and direction keepalived uses for it: the tracking
/// line's, else the tracked object's own (a vrrp_script's or track_file's weight; an interface's is 0). Weight 0
/// means FAULT when the object is down (for a file: when its value is not 0).</summary>
public sealed record Tracker(TrackerKind Kind, string Name, int Weight, bool Reverse, bool InitiallyUp);

/// <summary>What the trackers make of an instance: its effective priority and whether they put it in FAULT.</summary>
public static class Tracking
{
    public const int PriorityMax = 254;
    public const int PriorityMin = 1;

    /// <summary>A track_file value below this puts the instance in FAULT (keepalived's -253 bound).</summary>
    public const int FileFaultBelow = -253;

    /// <summary>
    /// The instance's trackers as keepalived keeps them (vrrp_complete_instance): in a sync group without
    /// sync_group_tracking_weight, and for the address owner, weights are not allowed: a weighted script is dropped,
    /// a weighted interface becomes weight 0 (FAULT when down; the owner drops it instead), a track_file with weight 1
    /// (the default) becomes weight 0 and one with another weight is dropped.
    /// </summary>
    public static IReadOnlyList<Tracker> From(VrrpInstance instance, KeepalivedConfig config)
    {
        var trackers = Configured(instance, config);
        var group = config.SyncGroups.FirstOrDefault(g => g.Members.Any(m => m.Name == instance.Name));
        var syncWithoutWeights = group is { SyncGroupTrackingWeight: false };
        var owner = instance.Resolve(config.Global).Priority == VrrpAdvert.PriorityOwner;
        if (!syncWithoutWeights && !owner)
        {
            return trackers;
        }

        return trackers.Select(t => Unweighted(t, syncWithoutWeights)).OfType<Tracker>().ToList();
    }

    private static Tracker? Unweighted(Tracker t, bool syncWithoutWeights) => t switch
    {
        { Weight: 0 } => t,
        { Kind: TrackerKind.Script } => null,
        { Kind: TrackerKind.Interface } => syncWithoutWeights ? t with { Weight = 0 } : null,
        { Weight: 1 } => t with { Weight = 0 },
        _ => null,
    };

    private static List<Tracker> Configured(VrrpInstance instance, KeepalivedConfig config)
    {
        var trackers = new List<Tracker>();
        foreach (var t in instance.TrackScripts)
        {
            if (config.Scripts.FirstOrDefault(s => s.Name == t.Name && s.Script is not null) is { } script)
            {
                trackers.Add(new Tracker(TrackerKind.Script, t.Name, t.Weight ?? script.Weight, t.Reverse ?? script.WeightReverse, !script.InitFail));
            }
        }

        trackers.AddRange(instance.TrackInterfaces.Select(t => new Tracker(TrackerKind.Interface, t.Name, t.Weight ?? 0, t.Reverse ?? false, true)));
        foreach (var t in instance.TrackFiles)
        {
            if (config.TrackFiles.FirstOrDefault(f => f.Name == t.Name && f.File is not null) is { } file)
            {
                trackers.Add(new Tracker(TrackerKind.File, t.Name, t.Weight ?? file.Weight, t.Reverse ?? file.WeightReverse, true));
            }
        }

        return trackers;
    }

    /// <summary>Base priority plus each tracker's contribution, within 1..254; the address owner's 255 never moves.</summary>
    public static int EffectivePriority(InstanceSettings settings, ImmutableDictionary<string, int> status)
    {
        if (settings.IsAddressOwner)
        {
            return settings.Priority;
        }

        var total = settings.Priority + settings.Trackers.Sum(t => Contribution(t, Status(t, status)));
        return Math.Clamp(total, PriorityMin, PriorityMax);
    }

    public static bool Faulted(InstanceSettings settings, ImmutableDictionary<string, int> status) =>
        settings.Trackers.Any(t => IsFault(t, Status(t, status)));

    /// <summary>The key a tracker's status is kept under.</summary>
    public static string Key(TrackerKind kind, string name) => $"{kind}:{name}";

    /// <summary>A script or interface is 1 (up) or 0 (down); a file holds its number.</summary>
    private static int Status(Tracker t, ImmutableDictionary<string, int> status) =>
        status.TryGetValue(Key(t.Kind, t.Name), out var value) ? value : t.Kind == TrackerKind.File ? 0 : t.InitiallyUp ? 1 : 0;

    private static int Contribution(Tracker t, int value)
    {
        if (t.Kind == TrackerKind.File)
        {
            return value * t.Weight * (t.Reverse ? -1 : 1);
        }

        // keepalived: a positive weight is added while up, a negative one while down; reverse swaps up and down.
        var up = (value != 0) != t.Reverse;
        return t.Weight > 0 ? (up ? t.Weight : 0) : (up ? 0 : t.Weight);
    }

    private static bool IsFault(Tracker t, int value) => t.Kind == TrackerKind.File
        ? (t.Weight == 0 ? value != 0 : value * t.Weight * (t.Reverse ? -1 : 1) < FileFaultBelow)
        : t.Weight == 0 && (value != 0) == t.Reverse;
}
