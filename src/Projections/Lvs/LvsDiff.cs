namespace EsHa.Projections.Lvs;

/// <summary>The mutations that turn one table into another, in an order the kernel accepts: new and changed
/// services first, then destinations (removals before additions, so a destination that moves between methods
/// never exists twice), and services that go last (deleting a service deletes its destinations with it).</summary>
public static class LvsDiff
{
    public static IReadOnlyList<LvsMutation> Between(LvsTable actual, LvsTable desired)
    {
        var mutations = new List<LvsMutation>();
        foreach (var want in desired.Services)
        {
            var have = actual.Find(want.Key);
            if (have is null)
            {
                mutations.Add(new AddService(want.WithoutDestinations()));
            }
            else if (!have.SameSettings(want))
            {
                mutations.Add(new EditService(want.WithoutDestinations()));
            }

            var existing = (have?.Destinations ?? []).ToDictionary(d => (d.Address, d.Port));
            var wanted = want.Destinations.Select(d => (d.Address, d.Port)).ToHashSet();
            foreach (var gone in existing.Values.Where(d => !wanted.Contains((d.Address, d.Port))))
            {
                mutations.Add(new DeleteDestination(want.Key, gone.Address, gone.Port));
            }

            foreach (var dest in want.Destinations)
            {
                var current = existing.GetValueOrDefault((dest.Address, dest.Port));
                if (current is null)
                {
                    mutations.Add(new AddDestination(want.Key, dest));
                }
                else if (current != dest)
                {
                    mutations.Add(new EditDestination(want.Key, dest, current.Weight));
                }
            }
        }

        foreach (var gone in actual.Services.Where(s => desired.Find(s.Key) is null))
        {
            mutations.Add(new DeleteService(gone.Key));
        }

        return mutations;
    }

    /// <summary>A table with one mutation applied (what a backend that applies mutations one by one expects to
    /// have after each).</summary>
    public static LvsTable Apply(LvsTable table, LvsMutation mutation)
    {
        var services = table.Services.ToList();
        var index = services.FindIndex(s => s.Key == mutation.Service);
        switch (mutation)
        {
            case AddService add when index < 0:
                services.Add(add.Settings);
                break;
            case EditService edit when index >= 0:
                services[index] = edit.Settings with { Destinations = services[index].Destinations };
                break;
            case DeleteService when index >= 0:
                services.RemoveAt(index);
                break;
            case AddDestination add when index >= 0:
                services[index] = With(services[index], add.Destination);
                break;
            case EditDestination edit when index >= 0:
                services[index] = With(services[index], edit.Destination);
                break;
            case DeleteDestination del when index >= 0:
                services[index] = services[index] with
                {
                    Destinations = services[index].Destinations.Where(d => !(d.Address.Equals(del.Address) && d.Port == del.Port)).ToList(),
                };
                break;
            default:
                return table;
        }

        return Sorted(services);
    }

    /// <summary>A table with mutations applied in order; only the services they touch are copied and re-sorted.</summary>
    public static LvsTable ApplyAll(LvsTable table, IEnumerable<LvsMutation> mutations)
    {
        var services = table.Services.ToDictionary(s => s.Key);
        var touched = new HashSet<LvsServiceKey>();
        foreach (var mutation in mutations)
        {
            var key = mutation.Service;
            var single = new LvsTable(services.TryGetValue(key, out var service) ? [service] : []);
            var after = Apply(single, mutation);
            if (after.Services.Count == 0)
            {
                services.Remove(key);
            }
            else
            {
                services[key] = after.Services[0];
            }

            touched.Add(key);
        }

        return touched.Count == 0 ? table : new LvsTable(services.Values.OrderBy(s => s.Key.SortKey, StringComparer.Ordinal).ToList());
    }

    /// <summary>A table in canonical order (services by key, destinations by address and port).</summary>
    public static LvsTable Sorted(IEnumerable<LvsService> services) => new(services
        .Select(s => s with { Destinations = s.Destinations.OrderBy(d => d.SortKey, StringComparer.Ordinal).ToList() })
        .OrderBy(s => s.Key.SortKey, StringComparer.Ordinal).ToList());

    private static LvsService With(LvsService service, LvsDestination destination) => service with
    {
        Destinations = service.Destinations.Where(d => !(d.Address.Equals(destination.Address) && d.Port == destination.Port))
            .Append(destination).ToList(),
    };
}
