using System.Net;
using System.Net.Sockets;
using EsHa.Domain.Config.Model;
using EsHa.Node.Linux.Lvs.Ipvs;
using EsHa.Projections.Lvs;
using Xunit;

namespace EsHa.Node.Tests.Lvs;

/// <summary>IPVS's generic netlink encoding byte by byte (as ip_vs_ctl.c parses it), dump replies decoded, and the
/// errno texts and leniency the backend reports. The real kernel's view is IpvsGuestTests'.</summary>
public sealed class IpvsCodecTests
{
    private const ushort FamilyId = 32;

    private static readonly LvsServiceKey Www = LvsServiceKey.Of(IPAddress.Parse("192.168.126.100"), 80, LvsProtocol.Tcp);
    private static readonly LvsDestination Rs138 = new(IPAddress.Parse("192.168.126.138"), 80, ForwardingMethod.DirectRouting, 2);

    private static LvsService Service(LvsServiceKey key, string scheduler = "wrr", TimeSpan? persistence = null, int netmask = 32) =>
        new(key, scheduler, persistence, netmask, []);

    private static NetlinkMessage Single(byte[] datagram) => Assert.Single(NetlinkReader.Messages(datagram));

    [Fact]
    public void a_new_service_carries_its_key_scheduler_flags_timeout_and_netmask_in_one_nest()
    {
        var message = Single(IpvsEncoder.Encode(new AddService(Service(Www)), FamilyId, 7));
        Assert.Equal(FamilyId, message.Type);
        Assert.Equal(NetlinkConstants.FlagRequest | NetlinkConstants.FlagAck, message.Flags);
        Assert.Equal(7u, message.Sequence);
        Assert.Equal((byte)IpvsCommand.NewService, message.GenericCommand);
        Assert.Equal(IpvsProtocol.FamilyVersion, message.Payload[1]);

        var service = message.GenericAttributes.Nested(IpvsAttribute.Service);
        Assert.Equal((ushort)2, service.U16(IpvsAttribute.ServiceFamily));
        Assert.Equal((ushort)6, service.U16(IpvsAttribute.ServiceProtocol));
        Assert.Equal([192, 168, 126, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], service.Bytes(IpvsAttribute.ServiceAddress));
        Assert.Equal([0, 80], service.Bytes(IpvsAttribute.ServicePort)); // network order
        Assert.Equal("wrr\0"u8.ToArray(), service.Bytes(IpvsAttribute.ServiceScheduler));
        Assert.Equal([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff], service.Bytes(IpvsAttribute.ServiceFlags));
        Assert.Equal(0u, service.U32(IpvsAttribute.ServiceTimeout));
        Assert.Equal([0xff, 0xff, 0xff, 0xff], service.Bytes(IpvsAttribute.ServiceNetmask));
        Assert.False(service.Has(IpvsAttribute.ServiceFwmark));
    }

    [Fact]
    public void persistence_sets_the_flag_the_timeout_and_an_ipv4_mask_in_network_order()
    {
        var persistent = Service(Www, "rr", TimeSpan.FromSeconds(300), 24);
        var service = Single(IpvsEncoder.Encode(new EditService(persistent), FamilyId, 1)).GenericAttributes.Nested(IpvsAttribute.Service);
        Assert.Equal([1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff], service.Bytes(IpvsAttribute.ServiceFlags));
        Assert.Equal(300u, service.U32(IpvsAttribute.ServiceTimeout));
        Assert.Equal([0xff, 0xff, 0xff, 0x00], service.Bytes(IpvsAttribute.ServiceNetmask));
        Assert.Equal((byte)IpvsCommand.SetService, Single(IpvsEncoder.Encode(new EditService(persistent), FamilyId, 1)).GenericCommand);
    }

    [Fact]
    public void an_ipv6_netmask_is_the_prefix_length_itself()
    {
        Assert.Equal([64, 0, 0, 0], IpvsEncoder.Netmask(AddressFamily.InterNetworkV6, 64));
        Assert.Equal(64, IpvsDecoder.PrefixLength(AddressFamily.InterNetworkV6, [64, 0, 0, 0]));
        Assert.Equal([0xff, 0xff, 0xf0, 0x00], IpvsEncoder.Netmask(AddressFamily.InterNetwork, 20));
        Assert.Equal(20, IpvsDecoder.PrefixLength(AddressFamily.InterNetwork, [0xff, 0xff, 0xf0, 0x00]));
        Assert.Equal(0, IpvsDecoder.PrefixLength(AddressFamily.InterNetwork, [0, 0, 0, 0]));
    }

    [Fact]
    public void a_fwmark_service_is_named_by_family_and_mark_only()
    {
        var message = Single(IpvsEncoder.Encode(new DeleteService(LvsServiceKey.OfFwmark(6)), FamilyId, 3));
        Assert.Equal((byte)IpvsCommand.DeleteService, message.GenericCommand);
        var service = message.GenericAttributes.Nested(IpvsAttribute.Service);
        Assert.Equal(6u, service.U32(IpvsAttribute.ServiceFwmark));
        Assert.Equal((ushort)2, service.U16(IpvsAttribute.ServiceFamily));
        Assert.False(service.Has(IpvsAttribute.ServiceAddress));
        Assert.False(service.Has(IpvsAttribute.ServiceScheduler));
        Assert.False(message.GenericAttributes.Has(IpvsAttribute.Destination));
    }

    [Theory]
    [InlineData(ForwardingMethod.Nat, 0u)]
    [InlineData(ForwardingMethod.Tunnel, 2u)]
    [InlineData(ForwardingMethod.DirectRouting, 3u)]
    public void a_destination_carries_its_method_weight_and_thresholds_beside_its_service_key(ForwardingMethod method, uint wire)
    {
        var destination = Rs138 with { Method = method, Weight = 5, UpperThreshold = 100, LowerThreshold = 10 };
        var message = Single(IpvsEncoder.Encode(new AddDestination(Www, destination), FamilyId, 9));
        Assert.Equal((byte)IpvsCommand.NewDestination, message.GenericCommand);
        Assert.Equal((ushort)80, message.GenericAttributes.Nested(IpvsAttribute.Service).U16NetworkOrder(IpvsAttribute.ServicePort));
        var dest = message.GenericAttributes.Nested(IpvsAttribute.Destination);
        Assert.Equal(wire, dest.U32(IpvsAttribute.DestinationForwarding));
        Assert.Equal(5u, dest.U32(IpvsAttribute.DestinationWeight));
        Assert.Equal(100u, dest.U32(IpvsAttribute.DestinationUpperThreshold));
        Assert.Equal(10u, dest.U32(IpvsAttribute.DestinationLowerThreshold));
        Assert.Equal([0, 80], dest.Bytes(IpvsAttribute.DestinationPort));
        Assert.Equal((ushort)2, dest.U16(IpvsAttribute.DestinationFamily));
        Assert.Equal(method, IpvsDecoder.Method(wire));
    }

    [Fact]
    public void deleting_a_destination_names_it_by_address_and_port_only()
    {
        var message = Single(IpvsEncoder.Encode(new DeleteDestination(Www, Rs138.Address, 80), FamilyId, 4));
        Assert.Equal((byte)IpvsCommand.DeleteDestination, message.GenericCommand);
        var dest = message.GenericAttributes.Nested(IpvsAttribute.Destination);
        Assert.True(dest.Has(IpvsAttribute.DestinationAddress));
        Assert.False(dest.Has(IpvsAttribute.DestinationWeight));
        Assert.False(dest.Has(IpvsAttribute.DestinationForwarding));
    }

    [Fact]
    public void attributes_are_padded_to_four_bytes_and_nests_cover_what_they_hold()
    {
        var bytes = new NetlinkRequestWriter(FamilyId, 1, 4, 1).BeginNest(1).String(6, "rr").U16(1, 2).EndNest().ToArray(1);
        Assert.Equal(0, bytes.Length % 4);
        Assert.Equal(bytes.Length, BitConverter.ToInt32(bytes));
        // nlmsghdr 16 + genlmsghdr 4 + nest header 4 + "rr\0" (7, padded to 8) + u16 (6, padded to 8)
        Assert.Equal(40, bytes.Length);
        Assert.Equal(20, BitConverter.ToUInt16(bytes, 20)); // the nest's own length: header + both attributes
        var nest = Single(bytes).GenericAttributes.Nested(1);
        Assert.Equal("rr", nest.String(6));
        Assert.Equal((ushort)2, nest.U16(1));
    }

    [Fact]
    public void every_mutation_read_back_from_its_own_encoding_is_the_same_service()
    {
        LvsService[] services =
        [
            Service(Www),
            Service(LvsServiceKey.OfFwmark(7), "rr"),
            Service(LvsServiceKey.Of(IPAddress.Parse("10.0.0.100"), 8080, LvsProtocol.Udp), "sh", TimeSpan.FromSeconds(600), 16),
            Service(LvsServiceKey.Of(IPAddress.Parse("2001:db8::1"), 443, LvsProtocol.Tcp), "lc", TimeSpan.FromSeconds(60), 64),
            Service(LvsServiceKey.OfFwmark(9, AddressFamily.InterNetworkV6), "rr", null, 128),
        ];
        foreach (var service in services)
        {
            var message = Single(IpvsEncoder.Encode(new AddService(service), FamilyId, 1));
            Assert.Equal(service, IpvsDecoder.Service(message));
        }
    }

    [Fact]
    public void a_dump_reply_of_two_services_and_a_done_decodes_in_order_with_counters()
    {
        var persistent = Service(LvsServiceKey.Of(IPAddress.Parse("10.0.0.100"), 8080, LvsProtocol.Tcp), "wrr", TimeSpan.FromSeconds(300), 24);
        var datagram = new List<byte>();
        datagram.AddRange(Reply(IpvsCommand.NewService, w => ServiceAttributes(w, Www, "wrr", flags: 0x2, timeout: 0, [0xff, 0xff, 0xff, 0xff])
            .BeginNest(IpvsAttribute.ServiceStats64).U64(IpvsAttribute.StatsConnections, 5_000_000_000)
            .U64(IpvsAttribute.StatsPacketsIn, 11).U64(IpvsAttribute.StatsPacketsOut, 12)
            .U64(IpvsAttribute.StatsBytesIn, 13).U64(IpvsAttribute.StatsBytesOut, 14).EndNest().EndNest()));
        datagram.AddRange(Reply(IpvsCommand.NewService, w => ServiceAttributes(w, persistent.Key, "wrr", flags: 0x3, timeout: 300, [0xff, 0xff, 0xff, 0])
            .BeginNest(IpvsAttribute.ServiceStats).U32(IpvsAttribute.StatsConnections, 3).EndNest().EndNest()));
        datagram.AddRange(Done());

        var messages = NetlinkReader.Messages(datagram.ToArray());
        Assert.Equal(3, messages.Count);
        Assert.Equal(NetlinkConstants.Done, messages[2].Type);
        Assert.Equal(0, messages[2].ErrorNumber);
        Assert.Equal(Service(Www), IpvsDecoder.Service(messages[0]));
        Assert.Equal(persistent, IpvsDecoder.Service(messages[1]));
        var traffic = IpvsDecoder.Traffic(messages[0].GenericAttributes.Nested(IpvsAttribute.Service), IpvsAttribute.ServiceStats64, IpvsAttribute.ServiceStats);
        Assert.Equal(new LvsTraffic(5_000_000_000, 11, 12, 13, 14), traffic);
        var older = IpvsDecoder.Traffic(messages[1].GenericAttributes.Nested(IpvsAttribute.Service), IpvsAttribute.ServiceStats64, IpvsAttribute.ServiceStats);
        Assert.Equal(new LvsTraffic(3, 0, 0, 0, 0), older);
    }

    [Fact]
    public void a_destination_dump_reply_decodes_into_the_destination_and_its_connection_counts()
    {
        var reply = Single(Reply(IpvsCommand.NewDestination, w => w.BeginNest(IpvsAttribute.Destination)
            .Attribute(IpvsAttribute.DestinationAddress, IpvsEncoder.Address16(Rs138.Address))
            .U16NetworkOrder(IpvsAttribute.DestinationPort, 80)
            .U32(IpvsAttribute.DestinationForwarding, 3 | 0x100) // the kernel's other connection flags ride along
            .U32(IpvsAttribute.DestinationWeight, 2).U32(IpvsAttribute.DestinationUpperThreshold, 0)
            .U32(IpvsAttribute.DestinationLowerThreshold, 0).U32(IpvsAttribute.DestinationActiveConnections, 4)
            .U32(IpvsAttribute.DestinationInactiveConnections, 5).U32(IpvsAttribute.DestinationPersistentConnections, 6)
            .U16(IpvsAttribute.DestinationFamily, 2)
            .BeginNest(IpvsAttribute.DestinationStats64).U64(IpvsAttribute.StatsConnections, 9).U64(IpvsAttribute.StatsBytesOut, 99).EndNest()
            .EndNest()));
        Assert.Equal(Rs138, IpvsDecoder.Destination(reply, AddressFamily.InterNetwork));
        var counters = IpvsDecoder.DestinationCounters(reply.GenericAttributes.Nested(IpvsAttribute.Destination), AddressFamily.InterNetwork);
        Assert.Equal(new LvsDestinationCounters(Rs138.Address, 80, 4, 5, 6, new LvsTraffic(9, 0, 0, 0, 99)), counters);
    }

    [Fact]
    public void nlctrl_answers_with_the_family_id_and_an_error_message_carries_the_negated_errno()
    {
        var request = Single(GenericNetlinkFamily.EncodeGetFamily("IPVS", 5));
        Assert.Equal(GenericNetlinkController.Id, request.Type);
        Assert.Equal("IPVS", request.GenericAttributes.String(GenericNetlinkController.AttributeFamilyName));
        var reply = Single(new NetlinkRequestWriter(GenericNetlinkController.Id, 0, 1, 2)
            .U16(GenericNetlinkController.AttributeFamilyId, 32).String(GenericNetlinkController.AttributeFamilyName, "IPVS").ToArray(5));
        Assert.Equal((ushort)32, GenericNetlinkFamily.DecodeFamilyId(reply));

        var error = new NetlinkMessage(NetlinkConstants.Error, 0, 5, BitConverter.GetBytes(-17));
        Assert.Equal(17, error.ErrorNumber);
    }

    [Fact]
    public void errnos_read_as_name_text_and_number()
    {
        Assert.Equal("ENOENT: No such file or directory (errno 2)", Errno.Describe(2));
        Assert.Equal("EEXIST: File exists (errno 17)", Errno.Describe(17));
        Assert.Equal("ESRCH: No such process (errno 3)", Errno.Describe(3));
    }

    [Fact]
    public void adds_that_find_the_entry_and_deletes_that_find_it_gone_are_tolerated_and_nothing_else()
    {
        var add = new AddDestination(Www, Rs138);
        var delete = new DeleteDestination(Www, Rs138.Address, 80);
        Assert.True(IpvsBackend.Tolerated(add, Errno.Exists));
        Assert.True(IpvsBackend.Tolerated(new AddService(Service(Www)), Errno.Exists));
        Assert.True(IpvsBackend.Tolerated(delete, Errno.NoEntry));
        Assert.True(IpvsBackend.Tolerated(new DeleteService(Www), Errno.NoSuchProcess));
        Assert.False(IpvsBackend.Tolerated(add, Errno.NoSuchProcess));
        Assert.False(IpvsBackend.Tolerated(delete, Errno.Exists));
        Assert.False(IpvsBackend.Tolerated(new EditDestination(Www, Rs138, 1), Errno.NoEntry));
    }

    [Fact]
    public void a_scheduler_name_longer_than_the_kernel_takes_or_a_foreign_family_is_refused_before_sending()
    {
        Assert.Null(IpvsEncoder.Refusal(new AddService(Service(Www, "wrr"))));
        Assert.NotNull(IpvsEncoder.Refusal(new AddService(Service(Www, new string('x', 16)))));
        Assert.NotNull(IpvsEncoder.Refusal(new EditService(Service(Www, new string('x', 16)))));
        var unix = new LvsServiceKey(AddressFamily.Unix, LvsProtocol.Tcp, IPAddress.Loopback, 80, 0);
        Assert.Contains("IPv4 and IPv6", IpvsEncoder.Refusal(new DeleteService(unix)), StringComparison.Ordinal);
    }

    /// <summary>A service nest as ip_vs_genl_fill_service writes it, left open for the stats.</summary>
    private static NetlinkRequestWriter ServiceAttributes(NetlinkRequestWriter writer, LvsServiceKey key, string scheduler,
        uint flags, uint timeout, byte[] netmask)
    {
        var flagBytes = new byte[8];
        BitConverter.TryWriteBytes(flagBytes, flags);
        BitConverter.TryWriteBytes(flagBytes.AsSpan(4), uint.MaxValue);
        writer.BeginNest(IpvsAttribute.Service).U16(IpvsAttribute.ServiceFamily, 2).U16(IpvsAttribute.ServiceProtocol, (ushort)key.Protocol!.Value)
            .Attribute(IpvsAttribute.ServiceAddress, IpvsEncoder.Address16(key.Address!)).U16NetworkOrder(IpvsAttribute.ServicePort, (ushort)key.Port)
            .String(IpvsAttribute.ServiceScheduler, scheduler).Attribute(IpvsAttribute.ServiceFlags, flagBytes)
            .U32(IpvsAttribute.ServiceTimeout, timeout).Attribute(IpvsAttribute.ServiceNetmask, netmask);
        return writer;
    }

    /// <summary>A message as the kernel sends one in a dump (NLM_F_MULTI, the dump's sequence number).</summary>
    private static byte[] Reply(IpvsCommand command, Func<NetlinkRequestWriter, NetlinkRequestWriter> fill) =>
        fill(new NetlinkRequestWriter(FamilyId, NetlinkConstants.FlagMulti, (byte)command, 1)).ToArray(42);

    private static byte[] Done()
    {
        var done = new byte[20];
        BitConverter.TryWriteBytes(done, 20);
        BitConverter.TryWriteBytes(done.AsSpan(4), NetlinkConstants.Done);
        BitConverter.TryWriteBytes(done.AsSpan(6), NetlinkConstants.FlagMulti);
        BitConverter.TryWriteBytes(done.AsSpan(8), 42);
        return done;
    }
}
