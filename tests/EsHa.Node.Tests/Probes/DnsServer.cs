using EsHa.Config.Tests.Support;

namespace EsHa.Node.Tests.Probes;

/// <summary>Debian's dnsmasq on <see cref="ProbeBench.Server"/>:53 in a bench of its own: example.test is 10.0.0.1,
/// gone.test does not exist (NXDOMAIN), v4only.test is local with an A record and nothing else (NODATA), and with no upstream servers every other name is refused.</summary>
internal sealed class DnsServer : IDisposable
{
    public const string Dnsmasq = "/usr/sbin/dnsmasq";

    /// <summary>A query for example.test A with id 0x1234, as UDP_CHECK's payload.</summary>
    public const string ExampleQuery = "123401000001000000000000" + "076578616d706c65" + "0474657374" + "00" + "0001" + "0001";

    public DnsServer()
    {
        Prerequisite.Tool(Dnsmasq);
        Bench = new ProbeBench("dns");
        try
        {
            Bench.Serve(53, "udp", Dnsmasq, "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                "--bind-interfaces", $"--listen-address={ProbeBench.Server}", "--port=53", "--address=/example.test/10.0.0.1",
                "--address=/gone.test/", "--host-record=v4only.test,10.0.0.2", "--local=/v4only.test/", $"--pid-file={Path.Combine(Bench.Dir, "dnsmasq.pid")}", "--log-facility=-");
        }
        catch
        {
            Bench.Dispose();
            throw;
        }
    }

    public ProbeBench Bench { get; }

    public void Dispose() => Bench.Dispose();
}
