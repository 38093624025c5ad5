using System;
using System.Buffers;
using System.Globalization;

namespace Neptune.CodeGen.Runtime.Http;

/// <summary>A growable char buffer rented from the shared pool; pass it by ref and dispose it once.</summary>
internal ref struct CharBuffer
{
    private char[] _chars;

    public CharBuffer(int capacity)
    {
        _chars = ArrayPool<char>.Shared.Rent(Math.Max(capacity, 16));
        Length = 0;
    }

    public int Length { get; private set; }

    public readonly ReadOnlySpan<char> Slice(int start, int length) => _chars.AsSpan(start, length);

    /// <summary>The text written so far, as a new string.</summary>
    public override readonly string ToString() => new(_chars, 0, Length);

    public void Append(char c)
    {
        if (Length == _chars.Length)
        {
            Grow(1);
        }

        _chars[Length++] = c;
    }

    public void Append(scoped ReadOnlySpan<char> text)
    {
        if (Length + text.Length > _chars.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_chars.AsSpan(Length));
        Length += text.Length;
    }

    public void Append(long number)
    {
        Span<char> digits = stackalloc char[20];
        number.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        Append(digits[..written]);
    }

    public void AppendHexLower(scoped ReadOnlySpan<byte> bytes)
    {
        if (Length + (bytes.Length * 2) > _chars.Length)
        {
            Grow(bytes.Length * 2);
        }

        Convert.TryToHexStringLower(bytes, _chars.AsSpan(Length), out var written);
        Length += written;
    }

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(_chars);
        _chars = null!;
    }

    private void Grow(int needed)
    {
        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, Length + needed));
        _chars.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<char>.Shared.Return(_chars);
        _chars = bigger;
    }
}
