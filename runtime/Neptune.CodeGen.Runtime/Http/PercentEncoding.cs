using System;
using System.Buffers;
using System.Text;

namespace Neptune.CodeGen.Runtime.Http;

/// <summary>RFC 3986 percent-encoding with uppercase hex; only <c>A-Z a-z 0-9 - _ . ~</c> are left as they are.</summary>
public static class PercentEncoding
{
    /// <summary>The RFC 3986 unreserved characters, which are never encoded.</summary>
    internal static readonly SearchValues<char> Unreserved =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~");

    /// <summary>Encodes a value; <c>/</c> is encoded too.</summary>
    /// <exception cref="ArgumentException">The value has a lone UTF-16 surrogate.</exception>
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.AsSpan().ContainsAnyExcept(Unreserved))
        {
            return value;
        }

        var buffer = new CharBuffer(value.Length * 3);
        try
        {
            Append(ref buffer, value);
            return buffer.ToString();
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>Appends the encoded form of a value to a builder.</summary>
    /// <exception cref="ArgumentException">The value has a lone UTF-16 surrogate (nothing is appended then).</exception>
    public static void Append(StringBuilder builder, string value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(value);
        var buffer = new CharBuffer(value.Length * 3);
        try
        {
            Append(ref buffer, value);
            builder.Append(buffer.Slice(0, buffer.Length));
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>Appends the encoded form of a value to a pooled buffer: the one encoder the other methods use.</summary>
    /// <exception cref="ArgumentException">The value has a lone UTF-16 surrogate (nothing is appended then).</exception>
    internal static void Append(ref CharBuffer buffer, string value)
    {
        if (IndexOfLoneSurrogate(value) is var bad and >= 0)
        {
            throw new ArgumentException(
                $"The value has a lone UTF-16 surrogate (U+{(int)value[bad]:X4}) at index {bad}, which has no UTF-8 form and cannot be percent-encoded.",
                nameof(value));
        }

        var rest = value.AsSpan();
        Span<byte> utf8 = stackalloc byte[4];
        while (!rest.IsEmpty)
        {
            // Runs of unreserved characters are copied whole; the character after a run is encoded byte by byte.
            var run = rest.IndexOfAnyExcept(Unreserved);
            if (run < 0)
            {
                buffer.Append(rest);
                return;
            }

            buffer.Append(rest[..run]);
            rest = rest[run..];
            var length = char.IsHighSurrogate(rest[0]) && rest.Length > 1 && char.IsLowSurrogate(rest[1]) ? 2 : 1;
            var byteCount = Encoding.UTF8.GetBytes(rest[..length], utf8);
            rest = rest[length..];
            for (var b = 0; b < byteCount; b++)
            {
                buffer.Append('%');
                buffer.Append(ToHex(utf8[b] >> 4));
                buffer.Append(ToHex(utf8[b] & 0xF));
            }
        }
    }

    /// <summary>
    /// The index of the first UTF-16 surrogate that is not half of a pair, or -1. Such a value has no UTF-8 form: an
    /// encoder would send U+FFFD instead, so two different values would reach the server as the same text.
    /// </summary>
    public static int IndexOfLoneSurrogate(ReadOnlySpan<char> value)
    {
        var i = value.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0)
        {
            return -1;
        }

        for (; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static char ToHex(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
}
