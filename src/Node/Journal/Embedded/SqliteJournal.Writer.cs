using System.Net;
using EsHa.Domain.Facts;
using EsHa.Domain.Vrrp;

namespace EsHa.Node.Journal.Embedded;

/// <summary>The journal's background writer: batches, the hash chain, gap records, and the VIP index.</summary>
public sealed partial class SqliteJournal
{
    /// <summary>
    /// Drains the queue in batches and writes each in one transaction. Two stages overlap: while one batch is being
    /// inserted and committed, the next one's canonical JSON and hashes are made on another core, chained from the
    /// hash the current batch will end with. When that guess is wrong (the current batch failed, or a gap record went
    /// in before the next), the writing stage re-chains the batch itself.
    /// </summary>
    private async Task WriteLoop()
    {
        Prepared? current = null;
        while (true)
        {
            if (current is null)
            {
                if (!await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    return;
                }

                current = Prepare(Drain(), _lastHash);
            }

            var next = Drain();
            var after = current.Hashes[^1];
            var prepared = next.Count > 0 ? Task.Run(() => Prepare(next, after)) : null;
            await Write(current).ConfigureAwait(false);
            current = prepared is null ? null : await prepared.ConfigureAwait(false);
        }
    }

    /// <summary>A batch with its canonical lines and the hashes they chain to from <see cref="Previous"/>.</summary>
    private sealed record Prepared(List<JournalRecord> Records, byte[][] Lines, byte[][] Hashes, byte[] Previous);

    private List<JournalRecord> Drain()
    {
        var batch = new List<JournalRecord>(Math.Min(MaxBatch, Math.Max(16, _queue.Reader.Count)));
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var record))
        {
            batch.Add(record);
        }

        return batch;
    }

    private static Prepared Prepare(List<JournalRecord> batch, byte[] previous)
    {
        var (lines, hashes, hash) = (new byte[batch.Count][], new byte[batch.Count][], previous);
        for (var i = 0; i < batch.Count; i++)
        {
            lines[i] = JournalLine.Utf8(batch[i]);
            hashes[i] = hash = JournalChain.Next(hash, lines[i]);
        }

        return new Prepared(batch, lines, hashes, previous);
    }

    private async Task Write(Prepared prepared)
    {
        var batch = prepared.Records;
        bool written;
        string failure;
        lock (_connectionLock)
        {
            written = TryWrite(prepared, out failure);
        }

        if (!written)
        {
            Interlocked.Add(ref _writeDrops, batch.Count);
            var runStart = 0;
            for (var i = 1; i <= batch.Count; i++)
            {
                if (i == batch.Count || batch[i].Sequence != batch[i - 1].Sequence + 1)
                {
                    Lost(batch[runStart].Sequence, batch[i - 1].Sequence, $"writing failed: {failure}");
                    runStart = i;
                }
            }

            // A failing disk is not retried in a tight loop; the records keep queueing (and overflow, counted).
            await Task.Delay(50).ConfigureAwait(false);
        }

        lock (_progress)
        {
            Interlocked.Exchange(ref _processed, batch[^1].Sequence);
            Monitor.PulseAll(_progress);
        }
    }

    /// <summary>One transaction for the batch (and the gap record before it, when sequences are missing).</summary>
    private bool TryWrite(Prepared prepared, out string failure)
    {
        failure = "";
        var (batch, lines) = (prepared.Records, prepared.Lines);
        var (hash, written) = (_lastHash, _lastWritten);
        var chained = prepared.Previous.AsSpan().SequenceEqual(hash);
        var vips = new List<(string Stream, IReadOnlyList<IPAddress> Vips)>();
        var committed = new List<JournalRecord>(batch.Count + 1);
        try
        {
            using var transaction = _connection.BeginTransaction();
            _insert.Transaction = transaction;
            for (var i = 0; i < batch.Count; i++)
            {
                var record = batch[i];
                if (record.Sequence > written + 1)
                {
                    var gap = new JournalRecord(record.Node, written + 1, "",
                        new JournalGap(record.Fact.At, written + 1, record.Sequence - 1, GapReason(written + 1, record.Sequence - 1)))
                    {
                        Wall = record.Wall,
                        CorrelationId = written + 1,
                    };
                    hash = _insert.Run(gap, hash);
                    committed.Add(gap);
                    chained = false;
                }

                hash = _insert.Run(record, lines[i], chained ? prepared.Hashes[i] : JournalChain.Next(hash, lines[i]));
                IndexVips(record, vips);
                committed.Add(record);
                written = record.Sequence;
            }

            transaction.Commit();
        }
        catch (Exception e)
        {
            // Whatever the disk or SQLite says, HA goes on: the batch is counted and shows up as a JournalGap.
            failure = e.Message;
            return false;
        }

        foreach (var (stream, list) in vips)
        {
            _vipsByStream[stream] = list;
        }

        (_lastHash, _lastWritten) = (hash, written);
        Explained(written);
        Interlocked.Exchange(ref _durable, written);
        _checkpoints.Committed(_connection, committed);
        return true;
    }

    private const string QueueFull = "the journal's queue was full";

    private void Lost(long first, long last, string cause)
    {
        lock (_losses)
        {
            if (_losses.Count > 0 && _losses[^1] is var (f, l, c) && c == cause && l == first - 1)
            {
                _losses[^1] = (f, last, c);
            }
            else
            {
                _losses.Add((first, last, cause));
            }
        }
    }

    /// <summary>Why sequences <paramref name="first"/>..<paramref name="last"/> are missing: how many for each cause.</summary>
    private string GapReason(long first, long last)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        lock (_losses)
        {
            foreach (var (f, l, cause) in _losses.Where(x => x.Last >= first && x.First <= last))
            {
                counts[cause] = counts.GetValueOrDefault(cause) + (Math.Min(l, last) - Math.Max(f, first) + 1);
            }
        }

        var unexplained = last - first + 1 - counts.Values.Sum();
        var parts = counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key == QueueFull
            ? $"{c.Key} ({c.Value} dropped)"
            : $"{c.Value} lost when {c.Key}").ToList();
        if (unexplained > 0)
        {
            parts.Add($"{unexplained} lost before the writer saw them");
        }

        return string.Join("; ", parts);
    }

    /// <summary>Forgets the losses a committed gap explained.</summary>
    private void Explained(long upTo)
    {
        lock (_losses)
        {
            _losses.RemoveAll(x => x.Last <= upTo);
        }
    }

    /// <summary>Role changes are indexed under the VIPs their instance holds (known from its start or reload), and so
    /// are the starts themselves: with them the index alone says who held a VIP when (`esha why` reads it first).</summary>
    private void IndexVips(JournalRecord record, List<(string, IReadOnlyList<IPAddress>)> learnt)
    {
        switch (record.Fact)
        {
            case InstanceStarted started:
                learnt.Add((record.Stream, started.Settings.VirtualIps));
                _vipsByStream[record.Stream] = started.Settings.VirtualIps;
                break;
            case SettingsChanged changed:
                learnt.Add((record.Stream, changed.Settings.VirtualIps));
                _vipsByStream[record.Stream] = changed.Settings.VirtualIps;
                break;
        }

        if (record.Fact is InstanceStarted or BecameMaster or BecameBackup or EnteredFault or InstanceStopped or VipDriftFound or LeftoverVipsFound or SettingsChanged
            && _vipsByStream.TryGetValue(record.Stream, out var vips))
        {
            foreach (var vip in vips)
            {
                _insert.IndexVip(vip.ToString(), record.Sequence);
            }
        }
    }
}
