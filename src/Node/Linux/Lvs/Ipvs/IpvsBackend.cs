using EsHa.Node.Ports.Lvs;
using EsHa.Projections.Lvs;

namespace EsHa.Node.Linux.Lvs.Ipvs;

/// <summary>
/// The kernel's IPVS table through generic netlink, in the network namespace of the thread that opened it. Reads
/// are a service dump and a destination dump per service; every mutation is one request with an ACK. Like
/// keepalived, adding what exists (EEXIST) or deleting what is gone (ENOENT, ESRCH) counts as done but is reported.
/// </summary>
public sealed class IpvsBackend : ILvsBackend
{
    private readonly GenericNetlinkSocket _socket;
    private readonly ushort _familyId;

    private IpvsBackend(GenericNetlinkSocket socket, ushort familyId)
    {
        _socket = socket;
        _familyId = familyId;
    }

    public string Name => "ipvs";

    /// <summary>The family id nlctrl gave "IPVS" (per boot).</summary>
    public ushort FamilyId => _familyId;

    /// <summary>An IPVS backend, or null with the reason when this kernel has no IPVS (the family does not
    /// resolve: ip_vs not loaded or not built) or generic netlink cannot be opened; the node then uses nftables.</summary>
    public static IpvsBackend? TryOpen(out string why)
    {
        GenericNetlinkSocket socket;
        try
        {
            socket = new GenericNetlinkSocket();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            why = $"generic netlink socket: {Errno.Describe(e.NativeErrorCode)}";
            return null;
        }

        var (id, errno) = socket.ResolveFamily(IpvsProtocol.FamilyName);
        if (id is null)
        {
            socket.Dispose();
            why = $"the generic netlink family \"{IpvsProtocol.FamilyName}\" did not resolve ({Errno.Describe(errno)}): " +
                "the kernel has no IPVS or the ip_vs module is not loaded";
            return null;
        }

        why = "";
        return new IpvsBackend(socket, id.Value);
    }

    public LvsTable Read() => LvsDiff.Sorted(Services().Select(service => service with
    {
        Destinations = DestinationDump(service.Key)
            .Select(m => IpvsDecoder.Destination(m, service.Key.Family)).ToList(),
    }));

    /// <summary>Every service's and destination's counters (for `esha lvs` and metrics), in table order.</summary>
    public IReadOnlyList<LvsServiceCounters> ReadCounters() => ServiceDump()
        .Select(m => m.GenericAttributes.Nested(IpvsAttribute.Service))
        .Select(attributes =>
        {
            var key = IpvsDecoder.ServiceKey(attributes);
            var destinations = DestinationDump(key)
                .Select(m => IpvsDecoder.DestinationCounters(m.GenericAttributes.Nested(IpvsAttribute.Destination), key.Family))
                .OrderBy(d => new LvsDestination(d.Address, d.Port, default, 0).SortKey, StringComparer.Ordinal)
                .ToList();
            return new LvsServiceCounters(key,
                IpvsDecoder.Traffic(attributes, IpvsAttribute.ServiceStats64, IpvsAttribute.ServiceStats), destinations);
        })
        .OrderBy(s => s.Service.SortKey, StringComparer.Ordinal)
        .ToList();

    public IReadOnlyList<LvsMutationResult> Apply(IReadOnlyList<LvsMutation> mutations) => mutations.Select(Apply).ToList();

    private LvsMutationResult Apply(LvsMutation mutation)
    {
        if (IpvsEncoder.Refusal(mutation) is { } refusal)
        {
            return new LvsMutationResult(mutation, refusal);
        }

        var sequence = _socket.NextSequence();
        var (errno, _) = _socket.Exchange(IpvsEncoder.Encode(mutation, _familyId, sequence), sequence);
        return errno == 0
            ? new LvsMutationResult(mutation, null)
            : new LvsMutationResult(mutation, Errno.Describe(errno), Tolerated(mutation, errno));
    }

    /// <summary>keepalived's leniency (ipvswrapper.c): an add that finds the entry there, or a delete that finds it
    /// gone, leaves the kernel as wanted.</summary>
    public static bool Tolerated(LvsMutation mutation, int errno) => mutation switch
    {
        AddService or AddDestination => errno == Errno.Exists,
        DeleteService or DeleteDestination => errno is Errno.NoEntry or Errno.NoSuchProcess,
        _ => false,
    };

    private IEnumerable<LvsService> Services() => ServiceDump().Select(IpvsDecoder.Service);

    private IReadOnlyList<NetlinkMessage> ServiceDump()
    {
        var sequence = _socket.NextSequence();
        return Dump(IpvsEncoder.EncodeServiceDump(_familyId, sequence), sequence, "services");
    }

    private IReadOnlyList<NetlinkMessage> DestinationDump(LvsServiceKey service)
    {
        var sequence = _socket.NextSequence();
        return Dump(IpvsEncoder.EncodeDestinationDump(_familyId, service, sequence), sequence, $"destinations of {service}");
    }

    /// <summary>A dump that fails leaves nothing to reconcile against, so it is thrown, not guessed around.</summary>
    private IReadOnlyList<NetlinkMessage> Dump(byte[] request, uint sequence, string what)
    {
        var (errno, messages) = _socket.Exchange(request, sequence);
        return errno == 0 ? messages : throw new IOException($"IPVS dump of {what} failed: {Errno.Describe(errno)}");
    }

    public void Dispose() => _socket.Dispose();
}
