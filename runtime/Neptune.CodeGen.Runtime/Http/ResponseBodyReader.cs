using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Neptune.CodeGen.Runtime.Http;

/// <summary>
/// Reads a response body into memory, but never more than a limit (<see cref="AwsClientOptions.MaxResponseBufferSize"/>).
/// A body whose <c>Content-Length</c> is over the limit is not read at all (only its first bytes, for the exception); one
/// without a length is read until it ends or passes the limit. The buffer grows by doubling, so a body of n bytes costs
/// at most about 2n bytes of allocation, and a body past the limit at most about twice the limit.
/// </summary>
internal static class ResponseBodyReader
{
    private const int InitialBufferSize = 16 * 1024;

    /// <summary>The outcome: the whole body, or (when it is too large) its first bytes.</summary>
    internal readonly record struct Result(ReadOnlyMemory<byte> Body, bool TooLarge, long? ContentLength);

    /// <exception cref="IOException">The connection failed or the body ended early.</exception>
    /// <exception cref="OperationCanceledException">The token was canceled.</exception>
    public static async ValueTask<Result> ReadAsync(HttpContent content, int limit, int keptPrefix, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            if (declared > limit)
            {
                var prefix = new byte[Math.Min(keptPrefix, limit)];
                var read = await stream.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                return new Result(prefix.AsMemory(0, read), TooLarge: true, declared);
            }

            // One byte more than the body may have: with a Content-Length, the read after the body returns 0 with no
            // second buffer; without one, a read that fills the spare byte shows the body is longer than the limit.
            var most = Math.Min(limit, Array.MaxLength - 1);
            var buffer = new byte[(declared is { } length ? (int)Math.Min(length, most) : Math.Min(InitialBufferSize, most)) + 1];
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (filled > most)
                    {
                        return new Result(buffer.AsMemory(0, Math.Min(most, keptPrefix)), TooLarge: true, declared);
                    }

                    Array.Resize(ref buffer, (int)Math.Min(Math.Max(2L * buffer.Length, InitialBufferSize), most + 1L));
                }

                var count = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (count == 0)
                {
                    break;
                }

                filled += count;
            }

            return new Result(buffer.AsMemory(0, filled), TooLarge: false, declared);
        }
    }
}
