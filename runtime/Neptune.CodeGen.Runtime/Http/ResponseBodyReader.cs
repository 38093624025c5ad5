using System;
using System.Buffers;
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

            var buffer = new byte[declared is { } length ? (int)length : Math.Min(InitialBufferSize, limit)];
            var filled = 0;
            byte[]? probe = null;
            try
            {
                while (true)
                {
                    if (filled == buffer.Length)
                    {
                        // Full: read one byte to learn whether the body goes on before growing (a body with a Content-Length
                        // usually ends exactly here, and must not cost a doubled buffer).
                        probe ??= ArrayPool<byte>.Shared.Rent(1);
                        if (await stream.ReadAsync(probe.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) == 0)
                        {
                            break;
                        }

                        if (filled >= limit)
                        {
                            return new Result(buffer.AsMemory(0, Math.Min(filled, keptPrefix)), TooLarge: true, declared);
                        }

                        Array.Resize(ref buffer, (int)Math.Min(Math.Max(2L * buffer.Length, InitialBufferSize), limit));
                        buffer[filled++] = probe[0];
                        continue;
                    }

                    var count = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                    if (count == 0)
                    {
                        break;
                    }

                    filled += count;
                }
            }
            finally
            {
                if (probe is not null)
                {
                    ArrayPool<byte>.Shared.Return(probe);
                }
            }

            return new Result(buffer.AsMemory(0, filled), TooLarge: false, declared);
        }
    }
}
