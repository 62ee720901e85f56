using EsHa.Node.Journal.Embedded;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace EsHa.Node.Journal.Central;

/// <summary>What a shipping pass did.</summary>
public sealed record ShippingProgress(string Node, long Shipped, long StoreVersion, long LastSequence, int Retries, string? LastError);

/// <summary>
/// Ships one node's embedded journal to the central store, at least once and idempotently: each pass asks the store
/// how far the node's stream is (its version, and the sequence of its last record), reads the journal after that,
/// and appends in batches with the expected version, so a batch that was stored but whose reply was lost is refused
/// on retry and the next pass simply starts after it. PostgreSQL being down is waited out with a capped back-off;
/// nothing leaves the journal because of shipping, so nothing is lost while it is down (within retention).
/// </summary>
public sealed class JournalShipper(string journalPath, IDocumentStore store, int batchSize = 1000)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>Ships until the journal has nothing more (or, with <paramref name="follow"/>, until cancelled).</summary>
    public async Task<ShippingProgress> RunAsync(bool follow, CancellationToken cancellation)
    {
        using var reader = new JournalReader(journalPath);
        var node = reader.Node;
        var stream = CentralStore.StreamOf(node);
        long shipped = 0, version = 0, lastSequence = 0;
        var retries = 0;
        string? lastError = null;
        var backoff = TimeSpan.FromMilliseconds(100);
        var known = false;
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                if (!known)
                {
                    (version, lastSequence) = await Position(stream, cancellation).ConfigureAwait(false);
                    known = true;
                }

                var rows = reader.Stored(lastSequence, batchSize);
                if (rows.Count == 0)
                {
                    if (!follow)
                    {
                        break;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(200), cancellation).ConfigureAwait(false);
                    continue;
                }

                await using (var session = store.LightweightSession())
                {
                    session.Events.Append(stream, version + rows.Count,
                        rows.Select(r => (object)new ShippedRecord(node, r.Sequence, r.Stream, r.Type, r.At, r.Wall, r.Body, r.Hash, r.Vips)).ToArray());
                    await session.SaveChangesAsync(cancellation).ConfigureAwait(false);
                }

                version += rows.Count;
                lastSequence = rows[^1].Sequence;
                shipped += rows.Count;
                backoff = TimeSpan.FromMilliseconds(100);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                break;
            }
            catch (EventStreamUnexpectedMaxEventIdException e)
            {
                // Someone (a retry of ours whose reply was lost, or another shipper) got there first: ask again.
                (known, lastError) = (false, e.Message);
                retries++;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or Marten.Exceptions.MartenCommandException
                                          or InvalidOperationException { InnerException: NpgsqlException })
            {
                // The store is down or unreachable: wait and start the pass again from what the store says.
                (known, lastError) = (false, e.Message);
                retries++;
                try
                {
                    await Task.Delay(backoff, cancellation).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
            }
        }

        return new ShippingProgress(node, shipped, version, lastSequence, retries, lastError);
    }

    /// <summary>The node stream's version and the sequence of its last record (0, 0 for a new node).</summary>
    private async Task<(long Version, long LastSequence)> Position(string stream, CancellationToken cancellation)
    {
        await using var query = store.QuerySession();
        var state = await query.Events.FetchStreamStateAsync(stream, cancellation).ConfigureAwait(false);
        if (state is null || state.Version == 0)
        {
            return (0, 0);
        }

        var last = await query.Events.FetchStreamAsync(stream, fromVersion: state.Version, token: cancellation).ConfigureAwait(false);
        return (state.Version, last.Count > 0 && last[^1].Data is ShippedRecord r ? r.Sequence : 0);
    }
}
