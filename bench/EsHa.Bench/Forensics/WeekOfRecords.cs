using EsHa.Domain.Facts;
using EsHa.Domain.Lvs;
using EsHa.Domain.Vrrp;
using EsHa.Node.Journal;
using EsHa.Node.Journal.Embedded;
using EsHa.Node.Simulation;

namespace EsHa.Bench.Forensics;

/// <summary>
/// Two node journals holding a week: the seed cluster simulated for 7 days with ka01's link going down for 30 s every
/// 10 minutes (about a thousand VIP moves each way, every record as the runtime journals it), and, to make up the
/// volume, a real-server farm flapping all week (checker down, real server down, weight 0, and back), spread evenly.
/// Written through the node's own SqliteJournal, so the files, indexes and chain are what a node writes.
/// </summary>
public static class WeekOfRecords
{
    public static readonly TimeSpan Week = TimeSpan.FromDays(7);

    public static void Generate(string directory, string scenarioPath, long total)
    {
        var flaps = new List<ScenarioFault>();
        for (var at = 300.0; at < Week.TotalSeconds - 60; at += 600)
        {
            flaps.Add(new ScenarioFault(at, "ka01", "link-down"));
            flaps.Add(new ScenarioFault(at + 30, "ka01", "link-up"));
        }

        var scenario = Scenario.Load(scenarioPath) with { Faults = flaps, Until = Week.TotalSeconds };
        var simulator = new Simulator(scenario, Path.GetDirectoryName(scenarioPath)!, 1);
        if (simulator.Run() is { } violation)
        {
            throw new InvalidOperationException(violation);
        }

        foreach (var node in simulator.NodeNames)
        {
            // The journal writes its own first record; the farm's table is programmed once the node has started.
            var run = simulator.Journal(node);
            var vrrp = run.Skip(1).Take(2).Concat(Programmed(node)).Concat(run.Skip(3)).ToList();
            Write(Path.Combine(directory, $"{node}.db"), node, vrrp, total / 2 - vrrp.Count - 1);
            Console.WriteLine($"  {node}: {vrrp.Count:N0} VRRP records and {total / 2 - vrrp.Count - 1:N0} LVS records over a week");
        }
    }

    private static void Write(string path, string node, List<JournalRecord> vrrp, long lvsCount)
    {
        using var journal = SqliteJournal.Open(path, node, Simulator.Epoch);
        var renumbered = new Dictionary<long, long>();
        long sequence = 1;
        var step = Week / lvsCount;
        var v = 0;
        for (long i = 0; i < lvsCount || v < vrrp.Count; )
        {
            var lvsWall = Simulator.Epoch + step * i;
            JournalRecord record;
            if (v < vrrp.Count && (i >= lvsCount || vrrp[v].Wall <= lvsWall))
            {
                var r = vrrp[v++];
                renumbered[r.Sequence] = ++sequence;
                record = r with
                {
                    Sequence = sequence,
                    CausationId = r.CausationId is { } c ? renumbered[c] : null,
                    CorrelationId = renumbered.GetValueOrDefault(r.CorrelationId, sequence),
                };
            }
            else
            {
                record = Lvs(node, ++sequence, i++, lvsWall);
            }

            while (journal.LastSequence - journal.DurableSequence > SqliteJournal.DefaultQueueCapacity / 2)
            {
                Thread.Sleep(1);
            }

            journal.Append(record);
        }

        journal.Flush(TimeSpan.FromMinutes(10));
        if (journal.Dropped != 0)
        {
            throw new InvalidOperationException($"{journal.Dropped} records dropped");
        }
    }

    /// <summary>The service and its 20 real servers added to the kernel when the node starts.</summary>
    private static IEnumerable<JournalRecord> Programmed(string node)
    {
        const string service = "TCP  192.168.126.100:80";
        yield return new JournalRecord(node, -1, "lvs", new LvsServiceAdded(Instant.Zero, "ipvs", service, "wrr")) { Wall = Simulator.Epoch, CorrelationId = -1 };
        for (var i = 0; i < 20; i++)
        {
            yield return new JournalRecord(node, -2 - i, "lvs", new LvsDestinationAdded(Instant.Zero, "ipvs", service, $"10.20.{i / 10}.{10 + (i % 10)}:80", "DR", 2))
                { Wall = Simulator.Epoch, CorrelationId = -2 - i };
        }
    }

    /// <summary>The i-th record of a six-record cycle of one of 20 real servers going down and up again.</summary>
    private static JournalRecord Lvs(string node, long sequence, long i, DateTimeOffset wall)
    {
        var at = Instant.At(wall - Simulator.Epoch);
        var server = $"10.20.{i / 6 % 20 / 10}.{10 + i / 6 % 10}:80";
        const string vs = "192.168.126.100:80", service = "TCP  192.168.126.100:80";
        (string Stream, Fact Fact) made = (i % 6) switch
        {
            0 => ($"{vs}/{server}", new CheckerWentDown(at, vs, server, "HTTP_GET", ["connection refused", "connection refused", "connection refused"])),
            1 => ($"{vs}/{server}", new RealServerWentDown(at, vs, server, "HTTP_GET", false)),
            2 => ("lvs", new LvsWeightSet(at, "ipvs", service, server, 2, 0)),
            3 => ($"{vs}/{server}", new CheckerWentUp(at, vs, server, "HTTP_GET")),
            4 => ($"{vs}/{server}", new RealServerWentUp(at, vs, server, 2)),
            _ => ("lvs", new LvsWeightSet(at, "ipvs", service, server, 0, 2)),
        };
        return new JournalRecord(node, sequence, made.Stream, made.Fact) { Wall = wall, CorrelationId = sequence };
    }
}
