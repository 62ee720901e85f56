namespace EsHa.Node.Linux.Scripts;

/// <summary>A user scripts run as: its name, uid and primary gid.</summary>
public sealed record ScriptUser(string Name, uint Uid, uint Gid)
{
    public static readonly ScriptUser Root = new("root", 0, 0);
}

/// <summary>Users by name, from /etc/passwd (the accounts keepalived's getpwnam finds on a plain host).</summary>
public static class UnixUsers
{
    public static ScriptUser? Find(string name, string passwd = "/etc/passwd")
    {
        if (!File.Exists(passwd))
        {
            return null;
        }

        foreach (var line in File.ReadLines(passwd))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == name && uint.TryParse(fields[2], out var uid) && uint.TryParse(fields[3], out var gid))
            {
                return new ScriptUser(name, uid, gid);
            }
        }

        return null;
    }
}
