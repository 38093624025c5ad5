using System;
using System.Globalization;

namespace Neptune.CodeGen.Runtime.Http;

/// <summary>How scalar values are written into paths, query strings and headers (invariant culture, AWS conventions).</summary>
public static class WireFormat
{
    /// <summary><c>true</c> or <c>false</c>.</summary>
    public static string Boolean(bool value) => value ? "true" : "false";

    /// <summary>A 32-bit integer in invariant culture.</summary>
    public static string Int32(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A 64-bit integer in invariant culture.</summary>
    public static string Int64(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A double in round-trip form; <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c> as AWS spells them.</summary>
    public static string Double(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "Infinity"
        : double.IsNegativeInfinity(value) ? "-Infinity"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An RFC 3339 date-time in UTC, for example <c>2024-01-02T03:04:05.678Z</c>.</summary>
    public static string DateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString(value.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>An RFC 7231 HTTP date, for example <c>Tue, 02 Jan 2024 03:04:05 GMT</c>.</summary>
    public static string HttpDate(DateTimeOffset value) => value.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);

    /// <summary>Seconds since the Unix epoch, with fractional milliseconds when present.</summary>
    public static string EpochSeconds(DateTimeOffset value) =>
        (value.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
