using System.CommandLine;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace EsHa.Cli.Commands;

/// <summary>esha status [--socket PATH] [--json]: asks the running node for each instance's state, priority, master
/// seen and last transition with its cause. Exit 0, or 2 when no node answers.</summary>
internal static class StatusCommand
{
    public const string DefaultSocket = "/run/esha/esha.sock";

    public static Command Create()
    {
        var socket = new Option<string>("--socket") { Description = "the node's status socket", DefaultValueFactory = _ => DefaultSocket };
        var json = new Option<bool>("--json") { Description = "print the node's answer as JSON" };
        var command = new Command("status", "Ask the running node how its instances are.") { socket, json };
        command.SetAction(r => Run(r.GetValue(socket)!, r.GetValue(json)));
        return command;
    }

    private static int Run(string path, bool json)
    {
        string answer;
        try
        {
            using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            client.Connect(new UnixDomainSocketEndPoint(path));
            using var stream = new NetworkStream(client);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            answer = reader.ReadToEnd();
        }
        catch (SocketException e)
        {
            Console.Error.WriteLine($"esha status: no node answers on {path}: {e.Message}");
            return 2;
        }

        if (json)
        {
            Console.WriteLine(answer);
            return 0;
        }

        using var document = JsonDocument.Parse(answer);
        var root = document.RootElement;
        Console.WriteLine($"node {root.GetProperty("node").GetString()}");
        foreach (var instance in root.GetProperty("instances").EnumerateArray())
        {
            var master = instance.TryGetProperty("master", out var m) ? $", master {m.GetString()} prio {instance.GetProperty("masterPriority").GetInt32()}" : "";
            var last = instance.TryGetProperty("lastTransition", out var t) ? $"; {instance.GetProperty("lastTransitionAt").GetDateTimeOffset():yyyy-MM-dd HH:mm:ss.fff} {t.GetString()}" : "";
            Console.WriteLine($"  {instance.GetProperty("instance").GetString()} (vrid {instance.GetProperty("vrid").GetInt32()}): " +
                $"{instance.GetProperty("state").GetString()}, priority {instance.GetProperty("priority").GetInt32()}{master}{last}");
        }

        return 0;
    }
}
