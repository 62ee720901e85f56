namespace EsHa.Node.Linux.Lvs.Ipvs;

/// <summary>Asking nlctrl for a family's id by name (CTRL_CMD_GETFAMILY with CTRL_ATTR_FAMILY_NAME) and reading the
/// answer (CTRL_ATTR_FAMILY_ID). The request asks for an ACK too, so the answer always has an end to wait for.
/// The id is per boot: IPVS got 32 in one guest, another kernel may say otherwise.</summary>
public static class GenericNetlinkFamily
{
    public static byte[] EncodeGetFamily(string name, uint sequence) =>
        new NetlinkRequestWriter(GenericNetlinkController.Id, NetlinkConstants.FlagRequest | NetlinkConstants.FlagAck,
                GenericNetlinkController.CommandGetFamily, 1)
            .String(GenericNetlinkController.AttributeFamilyName, name)
            .ToArray(sequence);

    /// <summary>The family id from nlctrl's reply, or null when the reply carries none.</summary>
    public static ushort? DecodeFamilyId(NetlinkMessage reply) =>
        reply.Type == GenericNetlinkController.Id
            ? reply.GenericAttributes.U16(GenericNetlinkController.AttributeFamilyId)
            : null;
}
