namespace EsHa.Domain.Config.Reading;

/// <summary>What the preprocessor takes from outside. <paramref name="ConfigId"/> is matched by '@ID' lines
/// (keepalived's -i, default the short host name); <paramref name="RandomSeed"/> feeds ${_RANDOM} so that the
/// same inputs always give the same model.</summary>
public sealed record ReaderOptions(string? ConfigId = null, string InstanceName = "", uint RandomSeed = 1);
