using System.Net;
using System.Net.Sockets;
using EsHa.Domain.Config.Model;
using EsHa.Node.Linux.Netlink;
using EsHa.Node.Runtime;
using EsHa.Projections.Vrrp;

namespace EsHa.Node.Linux.Effects;

/// <summary>
/// Effects on a Linux host: VIPs added and removed over rtnetlink (on the device, with the prefix and label the
/// configuration gives, /32 or /128 by default as in keepalived), gratuitous ARPs over AF_PACKET, notify scripts run
/// as keepalived runs them (the command line split into argv, no shell). Failures are reported, never thrown: the
/// HA loop goes on.
/// </summary>
public sealed class LinuxEffects(KeepalivedConfig config, Scripts.ScriptPolicy scripts, Action<string> report) : IEffectPort, IDisposable
{
    /// <summary>A documentation address (RFC 5737) on a device name no kernel has: what <see cref="Warm"/> works on.</summary>
    private static readonly IPAddress WarmAddress = IPAddress.Parse("192.0.2.1");
    private bool _warming;

    private Scripts.ScriptPolicy _scripts = scripts;
    private readonly RtNetlink _netlink = new();
    private readonly Scripts.NotifyScripts _notify = new(report);
    private readonly List<NotifyFifo> _fifos = OpenFifos(config, scripts.DefaultUser, report);
    private Dictionary<IPAddress, (string Device, int Prefix, string? Label)> _placement = Placement(config);

    /// <summary>Runs the VIP and gratuitous ARP paths once against devices that cannot exist, before they are needed.</summary>
    public void Warm()
    {
        _warming = true;
        _placement[WarmAddress] = ("esha-no-such0", 32, null);
        try
        {
            Apply("warm", new AddVips([WarmAddress]));
            Apply("warm", new SendGratuitousArps([WarmAddress], 1));
            Apply("warm", new RemoveVips([WarmAddress]));
        }
        finally
        {
            _placement.Remove(WarmAddress);
            _warming = false;
        }

        _netlink.Warm();
        GratuitousArp.Warm();
    }

    /// <summary>Where each VIP goes, after a reload.</summary>
    public void Reconfigure(KeepalivedConfig reloaded, Scripts.ScriptPolicy scripts) => (_placement, _scripts) = (Placement(reloaded), scripts);

    public void Apply(string node, VrrpEffect effect)
    {
        switch (effect)
        {
            case AddVips add:
                foreach (var vip in add.Addresses)
                {
                    var (device, prefix, label) = _placement[vip];
                    var errno = _netlink.AddAddress(device, vip, prefix, label);
                    if (errno is not (0 or 17))
                    {
                        Report($"adding VIP {vip}/{prefix} on {device} failed: errno {errno}");
                    }
                }

                break;
            case RemoveVips remove:
                foreach (var vip in remove.Addresses)
                {
                    var (device, prefix, _) = _placement[vip];
                    var errno = _netlink.DeleteAddress(device, vip, prefix);
                    if (errno is not (0 or 99))
                    {
                        Report($"removing VIP {vip}/{prefix} from {device} failed: errno {errno}");
                    }
                }

                break;
            case SendGratuitousArps garp:
                foreach (var vip in garp.Addresses)
                {
                    try
                    {
                        if (vip.AddressFamily == AddressFamily.InterNetworkV6)
                        {
                            UnsolicitedNeighbourAdvert.Send(_placement[vip].Device, vip, garp.Repeat);
                        }
                        else
                        {
                            GratuitousArp.Send(_placement[vip].Device, vip, garp.Repeat);
                        }
                    }
                    catch (SocketException e)
                    {
                        report($"gratuitous ARP/NA for {vip} failed: {e.Message}");
                    }
                }

                break;
            case RunScript script:
                _notify.Run(script, _scripts.DefaultUser);
                break;
            case WriteNotifyFifo line:
                foreach (var fifo in _fifos.Where(f => !f.Write(line.Line)))
                {
                    report($"notify FIFO {fifo.Path} is full (nobody reads it): dropped \"{line.Line}\"");
                }

                break;
        }
    }

    private void Report(string message)
    {
        if (!_warming)
        {
            report(message);
        }
    }

    /// <summary>notify_fifo and vrrp_notify_fifo (both get the VRRP lines, as in keepalived).</summary>
    private static List<NotifyFifo> OpenFifos(KeepalivedConfig config, Scripts.ScriptUser scriptUser, Action<string> report)
    {
        var fifos = new List<NotifyFifo>();
        foreach (var fifo in new[] { config.Global.NotifyFifo, config.Global.VrrpNotifyFifo }.OfType<FifoSetting>()
                     .Where(f => f.Path.Length > 0).DistinctBy(f => f.Path, StringComparer.Ordinal))
        {
            try
            {
                fifos.Add(new NotifyFifo(fifo.Path, fifo.Script, scriptUser, report));
            }
            catch (IOException e)
            {
                report($"notify FIFO: {e.Message}");
            }
        }

        return fifos;
    }

    private static Dictionary<IPAddress, (string, int, string?)> Placement(KeepalivedConfig config)
    {
        var placement = new Dictionary<IPAddress, (string, int, string?)>();
        foreach (var instance in config.Instances)
        {
            foreach (var vip in instance.VirtualIpAddresses)
            {
                var address = IPAddress.Parse(vip.Address);
                placement[address] = (vip.Device ?? instance.Interface ?? "", vip.PrefixLength ?? (address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32), vip.Label);
            }
        }

        return placement;
    }

    public void Dispose()
    {
        _notify.Dispose();
        _netlink.Dispose();
        foreach (var fifo in _fifos)
        {
            fifo.Dispose();
        }
    }
}

/// <summary>keepalived's split of a notify command line: words separated by blanks, quotes group words.</summary>
public static class CommandLine
{
    public static IReadOnlyList<string> Split(string line)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        char? quote = null;
        var inWord = false;
        foreach (var c in line)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                (quote, inWord) = (c, true);
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    (word, inWord) = (new System.Text.StringBuilder(), false);
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
