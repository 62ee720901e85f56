using System.Net;
using System.Text.RegularExpressions;
using Xunit;

namespace EsHa.Node.Tests.Support;

/// <summary>Just enough of HTML for tests of EsHa's pages: start tags and their attributes, as Chromium serialises a
/// DOM or as EsHa writes it (attribute values in double quotes).</summary>
public static partial class Markup
{
    /// <summary>The start tags of a name (and class or id, when given) in document order, their attributes decoded.</summary>
    public static List<Dictionary<string, string>> Tags(string html, string name, string? classOrId = null) =>
        [.. StartTag().Matches(html)
            .Where(m => m.Groups["name"].Value == name)
            .Select(m => Attributes(m.Groups["attributes"].Value))
            .Where(a => classOrId is null || a.GetValueOrDefault("class") == classOrId || a.GetValueOrDefault("id") == classOrId)];

    public static Dictionary<string, string> Single(string html, string name, string? classOrId = null) => Assert.Single(Tags(html, name, classOrId));

    /// <summary>The markup of the first section of the class with the attribute, up to its end (sections do not nest).</summary>
    public static string Section(string html, string cssClass, string node, string attribute = "data-node")
    {
        var start = StartTag().Matches(html).First(m => m.Groups["name"].Value == "section"
            && Attributes(m.Groups["attributes"].Value) is var a && a.GetValueOrDefault("class") == cssClass && a.GetValueOrDefault(attribute) == node);
        var end = html.IndexOf("</section>", start.Index, StringComparison.Ordinal);
        return html[start.Index..end];
    }

    private static Dictionary<string, string> Attributes(string text) =>
        Attribute().Matches(text).ToDictionary(a => a.Groups["key"].Value, a => WebUtility.HtmlDecode(a.Groups["value"].Value));

    [GeneratedRegex("""<(?<name>[a-z][a-z0-9]*)(?<attributes>(?:\s+[^\s=/>]+(?:="[^"]*")?)*)\s*/?>""")]
    private static partial Regex StartTag();

    [GeneratedRegex("""(?<key>[^\s=/>]+)(?:="(?<value>[^"]*)")?""")]
    private static partial Regex Attribute();
}
