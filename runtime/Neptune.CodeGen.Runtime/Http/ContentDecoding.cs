using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;

namespace Neptune.CodeGen.Runtime.Http;

/// <summary>
/// Undoes a response's <c>Content-Encoding</c> (gzip, deflate, br). A spec can ask for a compressed body (the Neptune streams
/// take an <c>Accept-Encoding</c> header member), and the HttpClient a user passes may not decompress on its own; a handler that
/// does (<c>AutomaticDecompression</c>) removes the header, so a body is never decoded twice.
/// </summary>
internal static class ContentDecoding
{
    /// <summary>Returns the body with every encoding in <c>Content-Encoding</c> removed (applied last, removed first).</summary>
    /// <exception cref="InvalidDataException">The body is not valid data of its declared encoding.</exception>
    /// <exception cref="DecodedBodyTooLargeException">The decoded body would be longer than <paramref name="maxDecodedSize"/>.</exception>
    public static ReadOnlyMemory<byte> Decode(HttpContentHeaders? headers, ReadOnlyMemory<byte> body, int maxDecodedSize = int.MaxValue)
    {
        // NonValidated first: the ContentEncoding collection is an object made on first use.
        if (headers is null || body.Length == 0 || !headers.NonValidated.Contains("Content-Encoding") || headers.ContentEncoding.Count == 0)
        {
            return body;
        }

        var encodings = headers.ContentEncoding.ToList();
        var decoded = body;
        for (var i = encodings.Count - 1; i >= 0; i--)
        {
            var encoding = encodings[i].Trim();
            if (!IsKnown(encoding))
            {
                // An encoding this runtime cannot undo: the body stays as received (its reader then reports it with status and body).
                return body;
            }

            decoded = DecodeOne(encoding, decoded, maxDecodedSize);
        }

        return decoded;
    }

    /// <summary>The encodings removed, for messages: <c>gzip</c>, <c>gzip, br</c>, or null when there are none.</summary>
    public static string? Describe(HttpContentHeaders? headers) =>
        headers is null || headers.ContentEncoding.Count == 0 ? null : string.Join(", ", headers.ContentEncoding);

    private static bool IsKnown(string encoding) => Normalize(encoding) is "gzip" or "deflate" or "br" or "identity";

    private static string Normalize(string encoding) => encoding.ToLowerInvariant() switch
    {
        "x-gzip" => "gzip",
        var other => other,
    };

    private static ReadOnlyMemory<byte> DecodeOne(string encoding, ReadOnlyMemory<byte> data, int max)
    {
        switch (Normalize(encoding))
        {
            case "gzip":
                return Inflate(data, static input => new GZipStream(input, CompressionMode.Decompress), max);
            case "br":
                return Inflate(data, static input => new BrotliStream(input, CompressionMode.Decompress), max);
            case "deflate":
                // HTTP's "deflate" is zlib-wrapped (RFC 9110); some servers send raw deflate, so that is tried second.
                try
                {
                    return Inflate(data, static input => new ZLibStream(input, CompressionMode.Decompress), max);
                }
                catch (InvalidDataException)
                {
                    return Inflate(data, static input => new DeflateStream(input, CompressionMode.Decompress), max);
                }

            default:
                return data;
        }
    }

    private static ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> data, Func<Stream, Stream> open, int max)
    {
        // The body is read into an array (ResponseBodyReader), so the stream reads it in place rather than from a copy.
        using var input = MemoryMarshal.TryGetArray(data, out var array)
            ? new MemoryStream(array.Array!, array.Offset, array.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);
        using var decompressor = open(input);
        // JSON compresses several times over; the initial guess is capped so a large body cannot overflow it.
        using var output = new MemoryStream((int)Math.Min(data.Length * 4L, 16L * 1024 * 1024));
        try
        {
            // Copied in chunks so a small body that inflates enormously (a "zip bomb") stops at the buffer limit.
            var chunk = new byte[81920];
            int read;
            while ((read = decompressor.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + read > max)
                {
                    throw new DecodedBodyTooLargeException(max);
                }

                output.Write(chunk, 0, read);
            }
        }
        catch (InvalidOperationException exception)
        {
            // BrotliStream reports corrupt input this way; the others throw InvalidDataException.
            throw new InvalidDataException(exception.Message, exception);
        }

        return output.GetBuffer().AsMemory(0, (int)output.Length);
    }
}

/// <summary>A compressed response body that would decode to more than the response buffer limit.</summary>
internal sealed class DecodedBodyTooLargeException(int limit)
    : Exception($"The decoded response body is longer than the limit of {limit} bytes.")
{
}
