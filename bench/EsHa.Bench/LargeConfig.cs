using System.Text;

namespace EsHa.Bench;

/// <summary>A keepalived.conf at the scale of a big site: N vrrp_instances and M virtual servers with K real
/// servers each, every block written the way operators write them (one keyword per line, nested checkers).</summary>
public static class LargeConfig
{
    public static string Generate(int instances, int virtualServers, int realServersEach)
    {
        var text = new StringBuilder(16 << 20);
        text.AppendLine("global_defs {\n    router_id bench\n    vrrp_version 2\n}\n");
        text.AppendLine("vrrp_script chk_http {\n    script \"/usr/bin/true\"\n    interval 2\n    weight -20\n    fall 2\n    rise 2\n}\n");
        for (var i = 0; i < instances; i++)
        {
            var vrid = (i % 255) + 1;
            var nic = i / 255;
            text.Append("vrrp_instance VI_").Append(i).AppendLine(" {")
                .AppendLine("    state BACKUP")
                .Append("    interface eth").Append(nic).AppendLine()
                .Append("    virtual_router_id ").Append(vrid).AppendLine()
                .Append("    priority ").Append(100 + (i % 100)).AppendLine()
                .AppendLine("    advert_int 1")
                .AppendLine("    authentication {\n        auth_type PASS\n        auth_pass secret1\n    }")
                .AppendLine("    virtual_ipaddress {")
                .Append("        10.").Append(i / 65536 % 256).Append('.').Append(i / 256 % 256).Append('.').Append(i % 256)
                .AppendLine("/32 dev eth0 label eth0:1")
                .AppendLine("    }")
                .AppendLine("    track_script {\n        chk_http\n    }")
                .AppendLine("    notify_master \"/usr/local/bin/notify.sh master\"")
                .AppendLine("}");
        }

        for (var v = 0; v < virtualServers; v++)
        {
            text.Append("virtual_server 172.16.").Append(v / 256).Append('.').Append(v % 256).AppendLine(" 80 {")
                .AppendLine("    delay_loop 6\n    lb_algo wrr\n    lb_kind DR\n    protocol TCP\n    persistence_timeout 50");
            for (var r = 0; r < realServersEach; r++)
            {
                text.Append("    real_server 192.168.").Append(v / 256 % 256).Append('.').Append(((v * realServersEach) + r) % 250 + 1)
                    .AppendLine(" 80 {")
                    .Append("        weight ").Append(1 + (r % 3)).AppendLine()
                    .AppendLine("        HTTP_GET {\n            url {\n              path /index.html\n              status_code 200\n            }")
                    .AppendLine("            connect_timeout 1\n            retry 3\n            delay_before_retry 1\n        }")
                    .AppendLine("    }");
            }

            text.AppendLine("}");
        }

        return text.ToString();
    }
}
