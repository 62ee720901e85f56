using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EsHa.Config.Tests.Support;
using EsHa.Node.Tests.Support;

namespace EsHa.Node.Tests.Lvs;

/// <summary>
/// The user's load-balanced site in namespaces of the test's own, on one segment (the lab's bridge, 10.9.0.0/24,
/// standing in for 192.168.126.0/24): a client (10.9.0.10), the EsHa LB node "lb" (10.9.0.1, with eth1 for its VRRP
/// link), and two real servers "rs1" (10.9.0.2, the user's .138) and "rs2" (10.9.0.3, .139) each running nginx with
/// an index.html naming it. For DR the real servers hold the VIP on lo with arp_ignore=1 / arp_announce=2; for NAT
/// they route the client through the LB. The seed's configuration is used as written, with the addresses mapped.
/// </summary>
public sealed class LvsSite : IDisposable
{
    public const string Vip = "10.9.0.100";
    private readonly Lab _lab = new("lb", "rs1", "rs2");
    private readonly string _dir = Directory.CreateTempSubdirectory("esha-lvs-").FullName;
    private readonly Dictionary<string, Process> _nginx = [];

    public LvsSite(bool directRouting)
    {
        try
        {
            Prerequisite.Tool(Nginx.Binary);
            Prerequisite.Tool("/usr/sbin/nft");
            // The seed's VRRP link (eth1, unicast 10.1.1.1 to a peer that is not there): a veth with nobody behind it.
            _lab.Ip("-n", Lb, "link", "add", "eth1", "type", "veth", "peer", "name", "eth1-peer");
            _lab.Ip("-n", Lb, "addr", "add", "10.1.1.1/24", "dev", "eth1");
            _lab.Ip("-n", Lb, "link", "set", "eth1", "up");
            _lab.Ip("-n", Lb, "link", "set", "eth1-peer", "up");
            Sysctl(Lb, "net.ipv4.ip_forward=1", "net.ipv4.conf.all.send_redirects=0", "net.ipv4.conf.eth0.send_redirects=0");
            foreach (var (rs, i) in new[] { (Rs1, 1), (Rs2, 2) })
            {
                if (directRouting)
                {
                    _lab.Ip("-n", rs, "addr", "add", $"{Vip}/32", "dev", "lo");
                    Sysctl(rs, "net.ipv4.conf.all.arp_ignore=1", "net.ipv4.conf.all.arp_announce=2",
                        "net.ipv4.conf.eth0.arp_ignore=1", "net.ipv4.conf.eth0.arp_announce=2");
                }
                else
                {
                    // NAT: the real server's answers must pass the LB, which undoes the translation.
                    _lab.Ip("-n", rs, "route", "add", "10.9.0.10/32", "via", Lab.Address(0));
                }

                var www = Path.Combine(_dir, $"rs{i}", "www");
                Directory.CreateDirectory(www);
                File.WriteAllText(Path.Combine(www, "index.html"), $"rs{i}\n");
                File.WriteAllText(Path.Combine(_dir, $"rs{i}", "nginx.conf"),
                    Nginx.Config(Path.Combine(_dir, $"rs{i}"), 512, $"access_log off;\nserver {{ listen 80; listen 443; root {www}; }}"));
                StartHttp(rs);
            }

            Nginx.Walkable(_dir);
    
        }
        catch
        {
            // A site half built is taken down (namespaces and processes), as the lab's own constructor does.
            Dispose();
            throw;
        }
    }

    public Lab Lab => _lab;

    public string Lb => _lab.Nodes[0];

    public string Rs1 => _lab.Nodes[1];

    public string Rs2 => _lab.Nodes[2];

    public string Directory_ => _dir;

    /// <summary>The seed's text with the site's addresses mapped into the lab.</summary>
    public static string Mapped(string seedText) => seedText
        .Replace("192.168.126.100", Vip, StringComparison.Ordinal)
        .Replace("192.168.126.138", "10.9.0.2", StringComparison.Ordinal)
        .Replace("192.168.126.139", "10.9.0.3", StringComparison.Ordinal);

    public static string Seed(string name) => File.ReadAllText(Path.Combine(Corpus.Seed, name));

    public string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Starts `esha run` on the LB with this configuration (nftables data plane).</summary>
    public Process StartLb(string config, params string[] options) =>
        _lab.StartEsha(Lb, config, Path.Combine(_dir, "lb.db"), Path.Combine(_dir, "lb.sock"), ["--lvs-backend", "nftables", .. options]);

    public string Journal => Path.Combine(_dir, "lb.db");

    public void StartHttp(string rs) => _nginx[rs] = _lab.Start(rs, Nginx.Binary, "-c", Path.Combine(_dir, NameOf(rs), "nginx.conf"));

    public void StopHttp(string rs)
    {
        var nginx = _nginx[rs];
        nginx.Kill(entireProcessTree: true);
        nginx.WaitForExit(5000);
        Lab.WaitUntil(() => !Answers(rs), TimeSpan.FromSeconds(5));
    }

    public void MakeIndexUnreadable(string rs, bool unreadable) =>
        File.SetUnixFileMode(Path.Combine(_dir, NameOf(rs), "www", "index.html"),
            unreadable ? UnixFileMode.None : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

    /// <summary>Whether something accepts connections on the real server's port 80 (asked from the LB).</summary>
    public bool Answers(string rs) => Lab.InNamespace(Lb, () =>
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Parse(rs == Rs1 ? "10.9.0.2" : "10.9.0.3"), 80);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    });

    /// <summary>Whether the LB's kernel takes connections to the VIP's port (asked from the client).</summary>
    public string? Get(int port = 80, int sourcePort = 0) => Lab.InNamespace(_lab.Client, () =>
    {
        using var client = new TcpClient { ReceiveTimeout = 2000, SendTimeout = 2000 };
        try
        {
            if (sourcePort != 0)
            {
                client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                client.Client.Bind(new IPEndPoint(IPAddress.Any, sourcePort));
            }

            if (!client.ConnectAsync(IPAddress.Parse(Vip), port).Wait(2000))
            {
                return null;
            }

            using var stream = client.GetStream();
            stream.Write(Encoding.ASCII.GetBytes($"GET /index.html HTTP/1.0\r\nHost: {Vip}\r\n\r\n"));
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is SocketException or IOException or AggregateException)
        {
            return null;
        }
    });

    /// <summary>Sends <paramref name="requests"/> requests and counts who answered: "rs1", "rs2", "sorry", or "none".</summary>
    public Dictionary<string, int> Spread(int requests, int port = 80)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < requests; i++)
        {
            var answer = Get(port);
            var who = answer is null ? "none" : answer.Contains("rs1", StringComparison.Ordinal) ? "rs1"
                : answer.Contains("rs2", StringComparison.Ordinal) ? "rs2" : answer.Contains("sorry", StringComparison.Ordinal) ? "sorry" : "other";
            counts[who] = counts.GetValueOrDefault(who) + 1;
        }

        return counts;
    }

    /// <summary>Runs an esha command on the LB and returns its exit code and output.</summary>
    public (int Code, string Output) Esha(params string[] arguments) =>
        Tools.Run(NetNamespace.Ip, ["netns", "exec", Lb, "dotnet", Path.Combine(AppContext.BaseDirectory, "esha.dll"), .. arguments]);

    public string Nft(params string[] arguments) => Tools.Run(NetNamespace.Ip, ["netns", "exec", Lb, "/usr/sbin/nft", .. arguments]).Output;

    private static string NameOf(string ns) => ns[(ns.LastIndexOf('-') + 1)..];

    private void Sysctl(string ns, params string[] settings)
    {
        foreach (var setting in settings)
        {
            _lab.Ip("netns", "exec", ns, "sysctl", "-qw", setting);
        }
    }

    public void Dispose()
    {
        _lab.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
