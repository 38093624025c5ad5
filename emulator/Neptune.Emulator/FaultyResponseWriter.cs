using System;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Neptune.Emulator;

/// <summary>
/// Writes the responses of <see cref="ResponseFault"/>: bodies that are cut off, mis-sized, not UTF-8, not JSON,
/// unreadable, slow, reset, or huge. Huge bodies are generated from one reused buffer. Writing stops as soon as the
/// client goes away, so no request is left running after its client has given up.
/// </summary>
internal static class FaultyResponseWriter
{
    private static readonly byte[] Padding = CreatePadding();

    private static readonly TimeSpan ResetDelay = TimeSpan.FromMilliseconds(200);

    private static readonly byte[] Whole = "{\"status\":\"Stopping\"}"u8.ToArray();

    public static async Task WriteAsync(HttpContext context, ResponseFault fault, string requestId, TimeProvider timeProvider)
    {
        var response = context.Response;
        var aborted = context.RequestAborted;
        response.StatusCode = fault.StatusCode;
        response.Headers.Date = HttpDate(timeProvider);
        response.Headers[NeptuneEmulator.RequestIdHeader] = requestId;
        response.ContentType = "application/json";
        try
        {
            switch (fault.Kind)
            {
                case ResponseFaultKind.TruncatedJson:
                    await WriteAllAsync(response, Whole.AsMemory(0, Whole.Length - 5), aborted).ConfigureAwait(false);
                    break;
                case ResponseFaultKind.InvalidUtf8Json:
                    await WriteAllAsync(response, (byte[])[.. "{\"status\":\"Stop"u8, 0xFF, 0xFE, .. "ping\"}"u8], aborted).ConfigureAwait(false);
                    break;
                case ResponseFaultKind.HtmlPage:
                    response.ContentType = "text/html; charset=utf-8";
                    await WriteAllAsync(response, "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><h1>Bad Gateway</h1><p>The proxy could not reach the upstream server.</p></body></html>\n"u8.ToArray(), aborted).ConfigureAwait(false);
                    break;
                case ResponseFaultKind.ContentLengthTooLarge:
                    await WriteRawAsync(context, requestId, timeProvider, Whole.Length + 100, Whole, aborted).ConfigureAwait(false);
                    await CloseAfterTheClientHasReadAsync(context, aborted).ConfigureAwait(false);
                    break;
                case ResponseFaultKind.UnreadableBody:
                    // Setting Transfer-Encoding by hand makes Kestrel leave the chunk framing to the application.
                    response.Headers.TransferEncoding = "chunked";
                    await response.Body.WriteAsync("zz-not-a-chunk-size\r\n{\"status\":\"Stopping\"}\r\n0\r\n\r\n"u8.ToArray(), aborted).ConfigureAwait(false);
                    await response.Body.FlushAsync(aborted).ConfigureAwait(false);
                    break;
                case ResponseFaultKind.ResetMidBody:
                    await WriteRawAsync(context, requestId, timeProvider, Whole.Length, Whole.AsMemory(0, Whole.Length / 2), aborted).ConfigureAwait(false);
                    // A reset discards what the client has not read yet, headers included; give it a moment to read them,
                    // so this is a reset in the middle of the body (a reset before that is EnqueueConnectionAbort).
                    await Task.Delay(ResetDelay, timeProvider, aborted).ConfigureAwait(false);
                    Reset(context);
                    break;
                case ResponseFaultKind.TrickleBody:
                    response.ContentLength = Whole.Length;
                    for (var i = 0; i < Whole.Length; i++)
                    {
                        await response.Body.WriteAsync(Whole.AsMemory(i, 1), aborted).ConfigureAwait(false);
                        await response.Body.FlushAsync(aborted).ConfigureAwait(false);
                        await Task.Delay(fault.Interval, timeProvider, aborted).ConfigureAwait(false);
                    }

                    break;
                case ResponseFaultKind.HugeErrorBody:
                    response.Headers[NeptuneEmulator.ErrorTypeHeader] = "InternalFailureException";
                    await WriteHugeAsync(response, fault,
                        $"{{\"requestId\":\"{requestId}\",\"code\":\"InternalFailureException\",\"detailedMessage\":\"", aborted).ConfigureAwait(false);
                    break;
                case ResponseFaultKind.HugeSuccessBody:
                    await WriteHugeAsync(response, fault, "{\"status\":\"", aborted).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or InvalidOperationException)
        {
            // The client went away (or gave up) mid-response: that is what these faults provoke. Nothing left to send.
            context.Abort();
        }
    }

    private static async Task WriteAllAsync(HttpResponse response, ReadOnlyMemory<byte> body, CancellationToken aborted)
    {
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, aborted).ConfigureAwait(false);
    }

    /// <summary>A JSON object with one string member padded to <see cref="ResponseFault.BodySize"/> bytes in all.</summary>
    private static async Task WriteHugeAsync(HttpResponse response, ResponseFault fault, string opening, CancellationToken aborted)
    {
        var head = Encoding.UTF8.GetBytes(opening);
        var tail = "\"}"u8.ToArray();
        if (fault.DeclareLength)
        {
            response.ContentLength = fault.BodySize;
        }

        await response.Body.WriteAsync(head, aborted).ConfigureAwait(false);
        var remaining = fault.BodySize - head.Length - tail.Length;
        while (remaining > 0)
        {
            aborted.ThrowIfCancellationRequested();
            var count = (int)Math.Min(remaining, Padding.Length);
            await response.Body.WriteAsync(Padding.AsMemory(0, count), aborted).ConfigureAwait(false);
            remaining -= count;
        }

        await response.Body.WriteAsync(tail, aborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a response head and body straight to the socket, past Kestrel (which would otherwise fix the length or
    /// still hold the bytes when the connection is closed). Safe on HTTP/1.1: Kestrel has sent everything of earlier
    /// responses on this connection, since the client read them before sending this request.
    /// </summary>
    private static async Task WriteRawAsync(HttpContext context, string requestId, TimeProvider timeProvider, long contentLength,
        ReadOnlyMemory<byte> body, CancellationToken aborted)
    {
        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket
            ?? throw new InvalidOperationException("This fault needs Kestrel's socket transport.");
        var head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" +
            $"Content-Length: {contentLength.ToString(CultureInfo.InvariantCulture)}\r\n" +
            $"Date: {HttpDate(timeProvider)}\r\n" +
            $"{NeptuneEmulator.RequestIdHeader}: {requestId}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head), SocketFlags.None, aborted).ConfigureAwait(false);
        await socket.SendAsync(body, SocketFlags.None, aborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the connection in order (FIN after the bytes sent), so the client reads everything sent and then finds the
    /// body short; waits for the client to close its side (bounded), so the handler does not end before the client has read.
    /// </summary>
    private static async Task CloseAfterTheClientHasReadAsync(HttpContext context, CancellationToken aborted)
    {
        context.Features.Get<IConnectionSocketFeature>()?.Socket.Shutdown(SocketShutdown.Send);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), aborted).ConfigureAwait(false);
        }
        finally
        {
            context.Abort();
        }
    }

    /// <summary>Closes the connection with a TCP reset (linger 0) instead of an orderly close.</summary>
    private static void Reset(HttpContext context)
    {
        if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            socket.LingerState = new LingerOption(enable: true, seconds: 0);
        }

        context.Abort();
    }

    /// <summary>The emulator's clock, as on every other response (a client's clock-skew correction reads Date).</summary>
    private static string HttpDate(TimeProvider timeProvider) => timeProvider.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);

    private static byte[] CreatePadding()
    {
        var padding = new byte[64 * 1024];
        padding.AsSpan().Fill((byte)'x');
        return padding;
    }
}
