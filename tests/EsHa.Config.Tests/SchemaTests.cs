using EsHa.Domain.Config.Schema;
using Xunit;

namespace EsHa.Config.Tests;

public sealed class SchemaTests
{
    [Theory]
    [InlineData("", "vrrp_instance")]
    [InlineData("vrrp_instance", "unicast_src_ip")]
    [InlineData("vrrp_instance/authentication", "auth_pass")]
    [InlineData("virtual_server/real_server/HTTP_GET", "nb_get_retry")]
    [InlineData("virtual_server/real_server/HTTP_GET/url", "status_code")]
    [InlineData("virtual_server/real_server/MISC_CHECK", "misc_dynamic")]
    [InlineData("global_defs", "vrrp_mcast_group4")]
    public void keepalived_keywords_are_where_keepalived_registers_them(string block, string keyword)
    {
        var schema = block.Length == 0 ? KeepalivedSchema.Root : KeepalivedSchema.Resolve(KeepalivedSchema.Root, block);
        Assert.NotNull(schema.Find(keyword));
    }

    [Theory]
    [InlineData("virtual_server/real_server/TCP_CHECK", "nb_get_retry")]
    [InlineData("virtual_server/real_server/MISC_CHECK", "connect_timeout")]
    [InlineData("global_defs", "vrrp_ipsets")]
    [InlineData("vrrp_instance", "Priority")]
    public void keywords_keepalived_2_2_7_rejects_are_absent(string block, string keyword)
    {
        Assert.Null(KeepalivedSchema.Resolve(KeepalivedSchema.Root, block).Find(keyword));
    }

    [Fact]
    public void value_blocks_and_keyword_blocks_have_their_shapes()
    {
        var instance = KeepalivedSchema.Resolve(KeepalivedSchema.Root, "vrrp_instance");
        Assert.Equal(KeywordShape.ValueBlock, instance.Find("virtual_ipaddress")!.Shape);
        Assert.Equal(KeywordShape.Block, instance.Find("authentication")!.Shape);
        Assert.Equal(KeywordShape.Value, instance.Find("priority")!.Shape);
    }
}
