using Neptune.CodeGen.Model;

namespace Neptune.CodeGen.Emitting;

/// <summary>How a <c>min</c>/<c>max</c> range reads in docs and in exception messages: what is measured and its bounds.</summary>
internal static class RangeText
{
    /// <summary>The word after "Allowed": range (numbers), length (strings, blobs) or count (lists, maps).</summary>
    public static string Noun(TypeSpec type) => type.Kind switch
    {
        TypeKind.String or TypeKind.Blob => "length",
        TypeKind.List or TypeKind.Map => "count",
        _ => "range",
    };

    /// <summary>What follows the member name in a message: nothing for a number, " length" or " count".</summary>
    public static string Measure(TypeSpec type) => Noun(type) == "range" ? string.Empty : " " + Noun(type);

    /// <summary>"between 1 and 100" (or, for docs, "1 to 100"), "at least 1" or "at most 1024".</summary>
    public static string Bounds(string? min, string? max, bool forDocs = false) => (min, max) switch
    {
        (not null, not null) => forDocs ? $"{min} to {max}" : $"between {min} and {max}",
        (not null, null) => $"at least {min}",
        _ => $"at most {max}",
    };
}
