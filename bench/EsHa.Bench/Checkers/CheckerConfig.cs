using System.Text;

namespace EsHa.Bench.Checkers;

/// <summary>Generated keepalived.conf texts for the checker benchmarks: virtual servers of 100 real servers each,
/// every real server a loopback address (127.S.x.y) so that one listener on the namespace's port 80 answers all.</summary>
internal static class CheckerConfig
{
    public const int PerService = 100;

    public static string Generate(int realServers, string checker, int retry = 1)
    {
        var text = new StringBuilder("global_defs {\n  router_id bench\n}\n");
        for (var s = 0; s * PerService < realServers; s++)
        {
            text.Append($"virtual_server 10.200.{s / 256}.{s % 256} 80 {{\n  delay_loop 1\n  lb_algo wrr\n  lb_kind NAT\n  protocol TCP\n");
            for (var r = s * PerService; r < Math.Min(realServers, (s + 1) * PerService); r++)
            {
                text.Append($"  real_server {Address(r)} 80 {{\n    weight 1\n    {checker} {{\n");
                if (checker == "HTTP_GET")
                {
                    text.Append("      url {\n        path /index.html\n      }\n");
                }

                text.Append($"      connect_timeout 1\n      retry {retry}\n      delay_before_retry 1\n      warmup 1\n    }}\n  }}\n");
            }

            text.Append("}\n");
        }

        return text.ToString();
    }

    public static string Address(int index) => $"127.{1 + (index / 65536)}.{index / 256 % 256}.{index % 256}";
}
