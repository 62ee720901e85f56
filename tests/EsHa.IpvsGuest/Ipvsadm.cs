using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EsHa.Domain.Config.Model;
using EsHa.Projections.Lvs;

namespace EsHa.IpvsGuest;

/// <summary>Debian's ipvsadm, run in the guest: the independent witness of what the kernel holds. Its `-Ln` listing
/// and its `-Sn` rules are read back into LVS tables to compare with what EsHa's backend reads.</summary>
public static class Ipvsadm
{
    private const string Path = "/sbin/ipvsadm";

    public static (int Code, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }

    /// <summary>Runs ipvsadm and fails loudly when it does, so a broken witness never looks like agreement.</summary>
    public static string Output(params string[] arguments)
    {
        var (code, output) = Run(arguments);
        return code == 0 ? output : throw new InvalidOperationException($"ipvsadm {string.Join(' ', arguments)} exited {code}: {output}");
    }

    /// <summary>`ipvsadm -Ln`: "TCP  192.168.126.100:80 wrr persistent 300 mask 255.255.255.0" and
    /// "  -> 192.168.126.138:80  Route  2  0  0" lines.</summary>
    public static LvsTable List() => ParseList(Output("-L", "-n"));

    public static LvsTable ParseList(string listing)
    {
        var services = new List<LvsService>();
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (tokens is ["->", var endpoint, var method, var weight, ..] && services.Count > 0 && !endpoint.StartsWith("Remote", StringComparison.Ordinal))
            {
                var (address, port) = Endpoint(endpoint);
                var destination = new LvsDestination(address, port, ListMethod(method), int.Parse(weight, CultureInfo.InvariantCulture));
                services[^1] = services[^1] with { Destinations = [.. services[^1].Destinations, destination] };
            }
            else if (tokens is ["TCP" or "UDP" or "SCTP", var endpoint2, var scheduler, .. var flags])
            {
                var (address, port) = Endpoint(endpoint2);
                services.Add(Service(LvsServiceKey.Of(address, port, Enum.Parse<LvsProtocol>(tokens[0], ignoreCase: true)), scheduler, flags, "persistent", "mask"));
            }
            else if (tokens is ["FWM", var mark, .. var rest])
            {
                var family = rest is ["IPv6", ..] ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
                rest = family == AddressFamily.InterNetworkV6 ? rest[1..] : rest;
                services.Add(Service(LvsServiceKey.OfFwmark(uint.Parse(mark, CultureInfo.InvariantCulture), family), rest[0], rest[1..], "persistent", "mask"));
            }
        }

        return LvsDiff.Sorted(services);
    }

    /// <summary>`ipvsadm -Sn`: the table as the rules that would rebuild it ("-A -t VIP:PORT -s wrr -p 300 -M MASK",
    /// "-a -t VIP:PORT -r RS:PORT -g -w 2 -x 100 -y 10").</summary>
    public static LvsTable Save() => ParseSave(Output("-S", "-n"));

    public static LvsTable ParseSave(string rules)
    {
        var services = new List<LvsService>();
        foreach (var line in rules.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var key = SaveKey(tokens);
            if (tokens is ["-A", ..])
            {
                services.Add(Service(key, Option(tokens, "-s") ?? "", tokens, "-p", "-M"));
            }
            else if (tokens is ["-a", ..])
            {
                var (address, port) = Endpoint(Option(tokens, "-r")!);
                var method = tokens.Contains("-m") ? ForwardingMethod.Nat : tokens.Contains("-i") ? ForwardingMethod.Tunnel : ForwardingMethod.DirectRouting;
                var destination = new LvsDestination(address, port, method, Number(tokens, "-w"), Number(tokens, "-x"), Number(tokens, "-y"));
                var index = services.FindIndex(s => s.Key == key);
                services[index] = services[index] with { Destinations = [.. services[index].Destinations, destination] };
            }
        }

        return LvsDiff.Sorted(services);
    }

    /// <summary>`ipvsadm -Ln --thresholds`: "service | -> endpoint upper lower" for every destination.</summary>
    public static IEnumerable<string> Thresholds()
    {
        var service = "";
        foreach (var line in Output("-L", "-n", "--thresholds").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (tokens is ["TCP" or "UDP" or "SCTP", var endpoint, ..])
            {
                service = $"{tokens[0]} {endpoint}";
            }
            else if (tokens is ["FWM", var mark, ..])
            {
                service = $"FWM {mark}{(tokens is [_, _, "IPv6", ..] ? " IPv6" : "")}";
            }
            else if (tokens is ["->", var endpoint2, var upper, var lower, ..] && upper.All(char.IsAsciiDigit))
            {
                yield return ThresholdLine(service, endpoint2, int.Parse(upper, CultureInfo.InvariantCulture), int.Parse(lower, CultureInfo.InvariantCulture));
            }
        }
    }

    public static string ThresholdLine(LvsServiceKey service, string endpoint, int upper, int lower) =>
        ThresholdLine(string.Join(' ', service.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)), endpoint, upper, lower);

    private static string ThresholdLine(string service, string endpoint, int upper, int lower) => $"{service} | -> {endpoint} {upper} {lower}";

    private static LvsServiceKey SaveKey(string[] tokens)
    {
        var v6 = tokens.Contains("-6");
        if (Option(tokens, "-f") is { } mark)
        {
            return LvsServiceKey.OfFwmark(uint.Parse(mark, CultureInfo.InvariantCulture), v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);
        }

        var (protocol, endpoint) = Option(tokens, "-t") is { } t ? (LvsProtocol.Tcp, t)
            : Option(tokens, "-u") is { } u ? (LvsProtocol.Udp, u)
            : (LvsProtocol.Sctp, Option(tokens, "--sctp-service")!);
        var (address, port) = Endpoint(endpoint);
        return LvsServiceKey.Of(address, port, protocol);
    }

    /// <summary>A service from its scheduler and the words after it, whichever spelling of persistence and mask the
    /// format uses.</summary>
    private static LvsService Service(LvsServiceKey key, string scheduler, string[] words, string persistentWord, string maskWord)
    {
        var timeout = Option(words, persistentWord) is { } p ? TimeSpan.FromSeconds(int.Parse(p, CultureInfo.InvariantCulture)) : (TimeSpan?)null;
        var full = key.Family == AddressFamily.InterNetworkV6 ? 128 : 32;
        var netmask = Option(words, maskWord) is { } m
            ? m.Contains('.', StringComparison.Ordinal) ? MaskPrefix(IPAddress.Parse(m)) : int.Parse(m, CultureInfo.InvariantCulture)
            : full;
        return new LvsService(key, scheduler, timeout, netmask, []);
    }

    private static int MaskPrefix(IPAddress mask) =>
        mask.GetAddressBytes().Sum(b => System.Numerics.BitOperations.PopCount(b));

    private static string? Option(string[] tokens, string name)
    {
        var index = Array.IndexOf(tokens, name);
        return index >= 0 && index + 1 < tokens.Length ? tokens[index + 1] : null;
    }

    private static int Number(string[] tokens, string name) =>
        Option(tokens, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : 0;

    public static (IPAddress Address, int Port) Endpoint(string text)
    {
        var endpoint = IPEndPoint.Parse(text);
        return (endpoint.Address, endpoint.Port);
    }

    private static ForwardingMethod ListMethod(string name) => name switch
    {
        "Masq" => ForwardingMethod.Nat,
        "Tunnel" => ForwardingMethod.Tunnel,
        "Route" or "Local" => ForwardingMethod.DirectRouting,
        _ => throw new FormatException($"ipvsadm forwarding method {name}"),
    };
}
