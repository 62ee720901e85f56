using EsHa.Domain.Config.Diagnostics;

namespace EsHa.Domain.Config.Reading;

/// <summary>One line as keepalived's read_line() hands it on: comments gone, conditionals and definitions applied,
/// and cut at every '{' and '}' outside quotes, so a brace is always a line of its own.</summary>
/// <param name="ClosesNothing">a '}' that keepalived's brace count finds unbalanced ("Extra '}' found").</param>
public readonly record struct LogicalLine(string Text, SourceLocation At, bool ClosesNothing = false);
