using System.Net;

namespace EsHa.Projections.Lvs;

/// <summary>One change to an LVS table, as IPVS's commands make them (NEW/SET/DEL_SERVICE, NEW/SET/DEL_DEST). A
/// backend that applies a whole table at once (nftables) still reports its work as these, one per change.</summary>
public abstract record LvsMutation(LvsServiceKey Service)
{
    /// <summary>In words, for logs and journals: "add 192.168.126.138:80 weight 2 to TCP  192.168.126.100:80".</summary>
    public abstract string Describe();
}

public sealed record AddService(LvsService Settings) : LvsMutation(Settings.Key)
{
    public override string Describe() => $"add service {Service} ({Settings.Scheduler}{Persistence(Settings)})";

    internal static string Persistence(LvsService s) =>
        s.PersistenceTimeout is { } t ? $", persistent {t.TotalSeconds:0} s" : "";
}

public sealed record EditService(LvsService Settings) : LvsMutation(Settings.Key)
{
    public override string Describe() => $"set service {Service} ({Settings.Scheduler}{AddService.Persistence(Settings)})";
}

public sealed record DeleteService(LvsServiceKey Key) : LvsMutation(Key)
{
    public override string Describe() => $"delete service {Service}";
}

public sealed record AddDestination(LvsServiceKey Key, LvsDestination Destination) : LvsMutation(Key)
{
    public override string Describe() =>
        $"add {Destination.Endpoint} {Destination.Method} weight {Destination.Weight} to {Service}";
}

public sealed record EditDestination(LvsServiceKey Key, LvsDestination Destination, int PreviousWeight) : LvsMutation(Key)
{
    public override string Describe() => Destination.Weight == PreviousWeight
        ? $"set {Destination.Endpoint} {Destination.Method} in {Service}"
        : $"set {Destination.Endpoint} weight {PreviousWeight} -> {Destination.Weight} in {Service}";
}

public sealed record DeleteDestination(LvsServiceKey Key, IPAddress Address, int Port) : LvsMutation(Key)
{
    public override string Describe() => $"delete {LvsDestination.Format(Address, Port)} from {Service}";
}
