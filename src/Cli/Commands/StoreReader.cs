using EsHa.Projections.Forensics;

namespace EsHa.Cli.Commands;

/// <summary>The central store's records as timeline entries (see <see cref="ForensicsSource"/>).</summary>
internal static class StoreReader
{
    public static List<TimelineEntry>? Read(string connectionString)
    {
        Console.Error.WriteLine($"--store: not readable yet ({connectionString.Length} characters given)");
        return null;
    }
}
