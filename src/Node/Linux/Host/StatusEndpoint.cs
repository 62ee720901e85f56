using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EsHa.Node.Runtime;
using EsHa.Projections.Vrrp;

namespace EsHa.Node.Linux.Host;

/// <summary>
/// `esha status` asks the running node over a Unix socket (mode 0600: root only). Each connection gets one JSON
/// document, built on the HA loop (so it is one consistent moment): per instance its state, effective and base
/// priority, the master it sees, and its last transition with the cause.
/// </summary>
public sealed class StatusEndpoint : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly Thread _acceptor;
    private readonly string _path;

    public StatusEndpoint(string path, Func<Func<NodeRuntime, string>, Task<string>> onLoop)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.Delete(path);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _listener.Listen(8);
        _path = path;
        _acceptor = new Thread(() => Accept(onLoop)) { IsBackground = true, Name = "status" };
        _acceptor.Start();
    }

    private void Accept(Func<Func<NodeRuntime, string>, Task<string>> onLoop)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            using (client)
            {
                try
                {
                    var answer = onLoop(Describe);
                    var json = answer.Wait(TimeSpan.FromSeconds(5)) ? answer.Result : "{\"error\":\"the HA loop did not answer\"}";
                    client.Send(Encoding.UTF8.GetBytes(json));
                }
                catch (SocketException)
                {
                    // The asker went away.
                }
            }
        }
    }

    /// <summary>The node's state as JSON (runs on the HA loop).</summary>
    public static string Describe(NodeRuntime runtime)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("node", runtime.Name);
            writer.WriteStartArray("instances");
            foreach (var (name, state) in runtime.Instances.OrderBy(i => i.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("instance", name);
                writer.WriteString("state", VrrpEffects.StateName(state.Role));
                writer.WriteNumber("vrid", state.Settings.VirtualRouterId);
                writer.WriteNumber("priority", state.EffectivePriority);
                writer.WriteNumber("basePriority", state.Settings.Priority);
                if (state.Master is { } master)
                {
                    writer.WriteString("master", master.ToString());
                    writer.WriteNumber("masterPriority", state.MasterPriority);
                }

                if (runtime.LastTransitions.TryGetValue(name, out var last))
                {
                    writer.WriteString("lastTransitionAt", last.Wall);
                    writer.WriteString("lastTransition", last.What);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public void Dispose()
    {
        _listener.Dispose();
        File.Delete(_path);
    }
}
