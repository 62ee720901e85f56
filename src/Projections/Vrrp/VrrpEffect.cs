using System.Net;
using EsHa.Domain.Vrrp;

namespace EsHa.Projections.Vrrp;

/// <summary>What the runtime must do in the world because of an event: imperative, derived, never journaled (the
/// event that caused it is).</summary>
public abstract record VrrpEffect;

/// <summary>Send this advert to the multicast group, or to each unicast peer.</summary>
public sealed record SendAdvert(VrrpAdvert Advert, IReadOnlyList<IPAddress> To) : VrrpEffect;

public sealed record AddVips(IReadOnlyList<IPAddress> Addresses) : VrrpEffect;

public sealed record RemoveVips(IReadOnlyList<IPAddress> Addresses) : VrrpEffect;

/// <summary>Gratuitous ARP (IPv4) / unsolicited neighbour advertisement (IPv6) for each address, repeated.</summary>
public sealed record SendGratuitousArps(IReadOnlyList<IPAddress> Addresses, int Repeat) : VrrpEffect;

/// <summary>keepalived's notify for an instance: the state script and the generic one (INSTANCE name state priority),
/// and a notify_fifo line.</summary>
public sealed record RunNotify(string Instance, string State, int Priority) : VrrpEffect;
