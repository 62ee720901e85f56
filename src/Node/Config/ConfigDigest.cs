using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EsHa.Domain.Config.Diff;
using EsHa.Domain.Config.Json;
using EsHa.Domain.Config.Model;

namespace EsHa.Node.Config;

/// <summary>The digest a node journals with <see cref="Domain.Facts.ConfigLoaded"/>: SHA-256 of the resolved model's
/// JSON without where things were written (files, lines: what <see cref="ConfigDiff"/> ignores), so a replay can tell
/// whether a file on disk is the configuration a node ran with, wherever it lies and however it is laid out.</summary>
public static class ConfigDigest
{
    public static string Of(KeepalivedConfig config)
    {
        var tree = JsonNode.Parse(ConfigJson.Serialize(config))!;
        Strip(tree);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tree.ToJsonString())));
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).Where(ConfigDiff.IsIgnored).ToList())
                {
                    o.Remove(key);
                }

                foreach (var (_, child) in o)
                {
                    Strip(child);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Strip(child);
                }

                break;
        }
    }
}
