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

/// <summary>Run a notify script: its command line split into argv as keepalived does (no shell), then the extra
/// arguments (the generic notify gets INSTANCE, the name, the state and the priority). <paramref name="Owner"/> is the
/// instance or sync group it speaks for: one owner's scripts run one after another, in order.</summary>
public sealed record RunScript(string CommandLine, IReadOnlyList<string> ExtraArguments, string Owner = "") : VrrpEffect;

/// <summary>Write a line to the notify FIFO, in keepalived's format: INSTANCE "VI_1" MASTER 100.</summary>
public sealed record WriteNotifyFifo(string Line) : VrrpEffect;
