using System.Globalization;
using System.Text;
using EsHa.Domain.Vrrp;

namespace EsHa.Node.Runtime.Recording;

/// <summary>
/// What makes two batches (an input and the events it caused) "the same again" for coalescing: everything but the
/// time. Only steady traffic qualifies (adverts heard and sent, rejected packets, a sync-group member waiting);
/// anything else, and any batch whose events change more than timers, is always journaled in full. Folding the
/// first and the last batch of a run gives the same state as folding all of them, because these events set fields
/// from their own content and time and never accumulate.
/// </summary>
internal static class BatchSignature
{
    public static string? Of(VrrpInput input, IReadOnlyList<VrrpEvent> events)
    {
        if (input is not (AdvertReceived or PacketRejected or AdvertTimerFired or MasterDownHeld)
            || !events.All(e => e is MasterAdvertAccepted or LowerPriorityAdvertIgnored or AdvertRejected or MasterWanted
                || e is AdvertSent { Reason: AdvertReason.Periodic or AdvertReason.AnswerLowerPriority }))
        {
            return null;
        }

        var text = new StringBuilder(160);
        text.Append(input switch
        {
            AdvertReceived a => string.Create(CultureInfo.InvariantCulture,
                $"advert {a.Source}>{a.Destination} ttl {a.Ttl} {a.Advert.Version}/{a.Advert.VirtualRouterId}/{a.Advert.Priority}/{a.Advert.AdvertInterval.Ticks}/{a.Advert.Authentication}/{a.Advert.Password}/{string.Join(',', a.Advert.Addresses)}"),
            _ => (input with { At = Instant.Zero }).ToString(),
        });
        foreach (var e in events)
        {
            text.Append('|').Append((e with { At = Instant.Zero }).ToString());
        }

        return text.ToString();
    }
}
