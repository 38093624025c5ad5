using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace Neptune.CodeGen.Binding;

/// <summary>C# naming rules and the "did you mean" suggestions used by diagnostics.</summary>
internal static class Names
{
    /// <summary><c>neptuneIamRoleArn</c> becomes <c>NeptuneIamRoleArn</c>.</summary>
    public static string ToPascalCase(string name) =>
        name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);

    /// <summary>True when the text can name a C# type or member (a keyword is fine: it is escaped with <c>@</c>).</summary>
    public static bool IsValidIdentifier(string name) =>
        SyntaxFacts.IsValidIdentifier(name) && !name.StartsWith("@", StringComparison.Ordinal);

    /// <summary>Returns <c>", did you mean 'x'?"</c> when a candidate is close to the text, else an empty string.</summary>
    public static string DidYouMean(string text, IEnumerable<string> candidates)
    {
        var best = Closest(text, candidates);
        return best is null ? string.Empty : $" (did you mean '{best}'?)";
    }

    public static string? Closest(string text, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = string.Equals(text, candidate, StringComparison.OrdinalIgnoreCase)
                ? 0
                : Distance(text.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        var limit = Math.Max(2, text.Length / 3);
        return bestDistance <= limit ? best : null;
    }

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
