using System.Security.Cryptography;
using System.Text;
using EsHa.Domain.Config.Json;
using EsHa.Domain.Config.Model;

namespace EsHa.Node.Config;

/// <summary>The digest a node journals with <see cref="Domain.Facts.ConfigLoaded"/>: SHA-256 of the resolved model's
/// JSON, so a replay can tell whether a file on disk is the configuration a node ran with.</summary>
public static class ConfigDigest
{
    public static string Of(KeepalivedConfig config) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ConfigJson.Serialize(config))));
}
