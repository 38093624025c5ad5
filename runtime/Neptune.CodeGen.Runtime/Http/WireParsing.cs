using System;
using System.Globalization;

namespace Neptune.CodeGen.Runtime.Http;

/// <summary>Reads scalar values from response headers (the inverse of <see cref="WireFormat"/>).</summary>
public static class WireParsing
{
    /// <summary>Parses <c>true</c> or <c>false</c> (any case).</summary>
    /// <exception cref="FormatException">The text is neither.</exception>
    public static bool Boolean(string text) =>
        bool.TryParse(text.Trim(), out var value) ? value : throw new FormatException($"'{text}' is not true or false.");

    /// <summary>Parses a 32-bit integer.</summary>
    public static int Int32(string text) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>Parses a 64-bit integer.</summary>
    public static long Int64(string text) => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>Parses a double, including <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c>.</summary>
    public static double Double(string text) => text.Trim() switch
    {
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        var other => double.Parse(other, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>Parses an HTTP date, an RFC 3339 date-time, or epoch seconds.</summary>
    public static DateTimeOffset Timestamp(string text)
    {
        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        }

        return DateTimeOffset.Parse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }
}
