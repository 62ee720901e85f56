using System.Globalization;
using EsHa.Projections.Lvs;

namespace EsHa.IpvsGuest;

/// <summary>A table as canonical text, one line per service and destination, so two tables compare as strings
/// (the records hold lists, which compare by reference) and a mismatch prints what differs.</summary>
public static class TableText
{
    public static string Render(LvsTable table) => string.Join('\n', LvsDiff.Sorted(table.Services).Services.SelectMany(Lines));

    public static IEnumerable<string> Lines(LvsService service)
    {
        var persistence = service.PersistenceTimeout is { } timeout
            ? string.Create(CultureInfo.InvariantCulture, $" persistent {timeout.TotalSeconds} mask /{service.PersistenceNetmask}")
            : "";
        yield return $"{service.Key} {service.Scheduler}{persistence}";
        foreach (var d in service.Destinations)
        {
            yield return $"  -> {d.Endpoint} {d.Method} weight {d.Weight} thresholds {d.UpperThreshold}/{d.LowerThreshold}";
        }
    }

    /// <summary>"equal", or the lines only one side has.</summary>
    public static (bool Same, string Difference) Compare(string leftName, LvsTable left, string rightName, LvsTable right)
    {
        var a = Render(left).Split('\n');
        var b = Render(right).Split('\n');
        var onlyLeft = a.Except(b).ToList();
        var onlyRight = b.Except(a).ToList();
        var same = a.SequenceEqual(b);
        return (same, same ? "equal" : $"only in {leftName}: [{string.Join("; ", onlyLeft)}] only in {rightName}: [{string.Join("; ", onlyRight)}]");
    }
}
