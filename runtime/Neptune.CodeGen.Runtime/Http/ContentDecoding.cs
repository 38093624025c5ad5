using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net.Http.Headers;

namespace Neptune.CodeGen.Runtime.Http;

/// <summary>
/// Undoes a <c>Content-Encoding: gzip</c> that the HttpClient left in place. An operation can ask for a compressed body
/// (Neptune's stream operations send <c>Accept-Encoding: gzip</c>), and neither the client's own HttpClient nor one from
/// IHttpClientFactory decompresses by default. A handler that does decompress removes the header, so nothing is decoded twice.
/// </summary>
internal static class ContentDecoding
{
    /// <summary>The body as the service meant it: gunzipped when the response says gzip; unchanged otherwise or when it is not valid gzip (so the reader reports the bad body as it arrived).</summary>
    public static byte[] Decode(HttpContentHeaders headers, byte[] body)
    {
        if (body.Length == 0 || !headers.ContentEncoding.Any(static e => e.Equals("gzip", System.StringComparison.OrdinalIgnoreCase)))
        {
            return body;
        }

        try
        {
            using var compressed = new MemoryStream(body, writable: false);
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
            using var decompressed = new MemoryStream(body.Length * 4);
            gzip.CopyTo(decompressed);
            return decompressed.ToArray();
        }
        catch (InvalidDataException)
        {
            return body;
        }
    }
}
