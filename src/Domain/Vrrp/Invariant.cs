using System.Runtime.CompilerServices;

namespace EsHa.Domain.Vrrp;

/// <summary>Assertions that stay on in release builds: a broken invariant is a bug, and stopping beats a split brain.</summary>
public static class Invariant
{
    public static void Holds(bool condition, [CallerArgumentExpression(nameof(condition))] string? expression = null)
    {
        if (!condition)
        {
            throw new InvariantViolationException($"invariant broken: {expression}");
        }
    }
}

public sealed class InvariantViolationException(string message) : Exception(message);
