using System.Text;
using System.Text.Json;

namespace EsHa.Cli.Commands;

/// <summary>The `--json` output of the commands: an indented document written by a command's own code.</summary>
internal static class JsonText
{
    public static string Indented(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
