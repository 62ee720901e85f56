using System.Net;
using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;
using EsHa.Node.Simulation;
using EsHa.Projections.Forensics;

namespace EsHa.Node.Forensics;

/// <summary>
/// The world outside the nodes as their journals recorded it, turned into a simulator scenario: links going down and
/// up, trackers reporting, operators draining and resuming, processes stopping and starting — each at its recorded
/// wall-clock time relative to <paramref name="Origin"/>. What the nodes said to each other (adverts) and their timers
/// are not in it: the replay's nodes produce those themselves, under whatever configuration they are given.
/// </summary>
public sealed record RecordedWorld(DateTimeOffset Origin, double Until, IReadOnlyList<ScenarioFault> Faults, IReadOnlyList<string> Notes)
{
    public static RecordedWorld From(IReadOnlyList<TimelineEntry> entries, DateTimeOffset origin, DateTimeOffset end, IReadOnlySet<IPAddress> replayedAddresses)
    {
        var faults = new List<ScenarioFault>();
        var notes = new List<string>();
        var seen = new HashSet<(string Node, DateTimeOffset Wall, string Kind, string? Tracker)>();
        double At(DateTimeOffset wall) => Math.Max(0, (wall - origin).TotalSeconds);
        void Add(TimelineEntry e, string kind, string? tracker = null, int value = 0)
        {
            // One outside change reaches every instance of the node (one record each): it is one fault.
            var wall = e.Wall < origin ? origin : e.Wall;
            if (seen.Add((e.Node, wall, kind, tracker)))
            {
                faults.Add(new ScenarioFault(At(wall), e.Node, kind) { Tracker = tracker, Value = value });
            }
        }

        var unheard = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var node in entries.GroupBy(e => e.Node))
        {
            var records = node.OrderBy(e => e.Sequence).ToList();
            var before = records.Where(e => e.Wall < origin).ToList();

            // The state of the world when the replay begins: the last link state, tracker values and drain before it.
            foreach (var last in before.Where(e => e.Fact is InterfaceLinkChanged).TakeLast(1).Where(e => !((InterfaceLinkChanged)e.Fact).Up))
            {
                Add(last, "link-down");
            }

            foreach (var last in before.Where(e => e.Fact is TrackerChanged).GroupBy(e => Tracker((TrackerChanged)e.Fact)).Select(g => g.Last()))
            {
                Add(last, "tracker", Tracker((TrackerChanged)last.Fact), ((TrackerChanged)last.Fact).Value);
            }

            foreach (var last in before.Where(e => e.Fact is OperatorCommanded).TakeLast(1).Where(e => ((OperatorCommanded)e.Fact).Action == OperatorAction.Drain))
            {
                Add(last, "drain");
            }

            // A node whose process started after the replay's origin was not running before: down from the start.
            if (records.FirstOrDefault(e => e.Fact is NodeStarted or NodeRestarted && e.Wall >= origin) is { } firstStart
                && !before.Any(e => e.Fact is NodeStarted or NodeRestarted) && At(firstStart.Wall) > 0.001)
            {
                faults.Add(new ScenarioFault(0, node.Key, "crash"));
            }

            TimelineEntry? previous = null;
            foreach (var e in records.Where(e => e.Wall >= origin && e.Wall <= end))
            {
                switch (e.Fact)
                {
                    case InterfaceLinkChanged link:
                        Add(e, link.Up ? "link-up" : "link-down");
                        break;
                    case TrackerChanged t:
                        Add(e, "tracker", Tracker(t), t.Value);
                        break;
                    case OperatorCommanded o:
                        Add(e, o.Action == OperatorAction.Drain ? "drain" : "resume");
                        break;
                    case NodeStopped:
                        Add(e, "crash");
                        notes.Add($"{e.Node} stopped at {WhyChains.Clock(e.Wall)}: replayed as a crash (its VIPs are not given up in the replay)");
                        break;
                    case NodeRestarted r:
                        if (!r.CleanStop && previous is not null)
                        {
                            Add(previous, "crash");   // killed: its last record is the last sign of life
                        }

                        Add(e, "restart");
                        break;
                    case NodeStarted when At(e.Wall) > 0.001:
                        Add(e, "restart");
                        break;
                    case AdvertReceived a when !replayedAddresses.Contains(a.Source):
                        unheard.Add(a.Source.ToString());
                        break;
                }

                previous = e;
            }
        }

        if (unheard.Count > 0)
        {
            notes.Add($"adverts from {string.Join(", ", unheard)} (no journal given) are not replayed");
        }

        notes.Add("the network between the replayed nodes is taken to have delivered every advert (partitions are not in the journals)");
        return new RecordedWorld(origin, (end - origin).TotalSeconds, [.. faults.OrderBy(f => f.At)], notes);
    }

    private static string Tracker(TrackerChanged t) => $"{t.Kind.ToString().ToLowerInvariant()}:{t.Name}";
}
