using EsHa.Domain.Config.Diagnostics;
using EsHa.Domain.Config.Model;
using EsHa.Domain.Config.Syntax;

namespace EsHa.Domain.Config.Binding;

/// <summary>Collects, while a block is bound, where each keyword was set and what was carried untouched.</summary>
internal sealed class SourceMap
{
    public Dictionary<string, SourceLocation> Sources { get; }

    /// <param name="keywords">how many keyword lines the block has, so the map is sized once</param>
    public SourceMap(int keywords = 8) => Sources = new(keywords, StringComparer.Ordinal);

    public List<CarriedSetting> Carried { get; } = [];

    public void Set(ConfigNode node) => Sources[node.Keyword] = node.At;

    /// <summary>Keeps a keyword EsHa does not act on (with its warning); the block being bound is unchanged.</summary>
    public T Carry<T>(T item, BindContext context, ConfigNode node, string block)
    {
        Sources.Remove(node.Keyword);
        Carried.Add(context.NotActedOn(node, block));
        return item;
    }
}
