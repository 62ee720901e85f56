namespace EsHa.Domain.Vrrp;

/// <summary>keepalived's instance states: RFC 5798's Initialize, Backup and Master, and keepalived's Fault.</summary>
public enum VrrpRole
{
    Init,
    Backup,
    Master,
    Fault,
}
