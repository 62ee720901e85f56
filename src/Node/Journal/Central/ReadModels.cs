namespace EsHa.Node.Journal.Central;

/// <summary>A VIP came to or left a node (its instance became MASTER, or left MASTER, or the node restarted).
/// Ordered by <see cref="Wall"/>, a VIP's transitions give its ownership intervals.</summary>
public sealed class VipTransition
{
    public string Id { get; set; } = "";

    public string Vip { get; set; } = "";

    public string Node { get; set; } = "";

    public string Instance { get; set; } = "";

    public bool Held { get; set; }

    public DateTimeOffset Wall { get; set; }

    public long Sequence { get; set; }

    /// <summary>The stored name of the fact that moved it.</summary>
    public string Cause { get; set; } = "";
}

/// <summary>An instance's state changed on a node; ordered by <see cref="Wall"/>, a node's instance state intervals.</summary>
public sealed class InstanceTransition
{
    public string Id { get; set; } = "";

    public string Node { get; set; } = "";

    public string Instance { get; set; } = "";

    /// <summary>MASTER, BACKUP, FAULT or STOP.</summary>
    public string State { get; set; } = "";

    public string Reason { get; set; } = "";

    public DateTimeOffset Wall { get; set; }

    public long Sequence { get; set; }
}
