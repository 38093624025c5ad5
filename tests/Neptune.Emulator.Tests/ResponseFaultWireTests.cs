using System;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Neptune.Emulator.Tests;

/// <summary>What each response fault puts on the wire, read with a raw socket (no HTTP client to smooth it over).</summary>
public sealed class ResponseFaultWireTests
{
    /// <summary>Sends one unsigned request and returns every byte received until the server closes, resets, or 10 s pass.</summary>
    private static async Task<(string Text, long Length, string Ending)> ExchangeAsync(NeptuneEmulator emulator, int keepTextBytes = 4096)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", emulator.Endpoint.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync("DELETE /ml/modeltraining/job-1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"u8.ToArray());
        var text = new MemoryStream();
        long length = 0;
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                length += read;
                text.Write(buffer, 0, (int)Math.Min(read, Math.Max(0, keepTextBytes - text.Length)));
            }

            return (Encoding.Latin1.GetString(text.ToArray()), length, "close");
        }
        catch (IOException)
        {
            return (Encoding.Latin1.GetString(text.ToArray()), length, "reset");
        }
        catch (OperationCanceledException)
        {
            return (Encoding.Latin1.GetString(text.ToArray()), length, "still open");
        }
    }

    private static async Task<NeptuneEmulator> StartAsync(ResponseFault fault)
    {
        var emulator = await NeptuneEmulator.StartAsync(new NeptuneEmulatorOptions { VerifySignatures = false });
        emulator.AddTrainingJob("job-1");
        emulator.EnqueueResponseFault(fault);
        return emulator;
    }

    private static string Body(string response) => response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];

    [Fact]
    public async Task TruncatedJson_HasAMatchingLength()
    {
        await using var emulator = await StartAsync(ResponseFault.TruncatedJson);
        var (text, _, _) = await ExchangeAsync(emulator);
        Assert.StartsWith("HTTP/1.1 200 OK", text);
        Assert.Contains("Content-Length: 16\r\n", text);
        Assert.Equal("{\"status\":\"Stopp", Body(text));
        Assert.Equal(200, Assert.Single(emulator.ReceivedRequests).StatusCode);
    }

    [Fact]
    public async Task Faults_AreDatedByTheEmulatorsClock_LikeEveryOtherResponse()
    {
        var now = new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero);
        await using var emulator = await NeptuneEmulator.StartAsync(
            new NeptuneEmulatorOptions { VerifySignatures = false, TimeProvider = new FixedTimeProvider(now) });
        emulator.AddTrainingJob("job-1");
        emulator.EnqueueResponseFault(ResponseFault.TruncatedJson);

        var (text, _, _) = await ExchangeAsync(emulator);

        Assert.Contains("Date: Sat, 03 Feb 2001 04:05:06 GMT\r\n", text);
    }

    [Fact]
    public async Task ContentLengthTooLarge_SendsLessThanItDeclares_ThenCloses()
    {
        await using var emulator = await StartAsync(ResponseFault.ContentLengthTooLarge);
        var (text, _, ending) = await ExchangeAsync(emulator);
        Assert.Contains("Content-Length: 121\r\n", text);
        Assert.Equal("{\"status\":\"Stopping\"}", Body(text));
        Assert.Equal("close", ending);
    }

    [Fact]
    public async Task InvalidUtf8AndHtml_AreWhatTheySay()
    {
        await using (var emulator = await StartAsync(ResponseFault.InvalidUtf8Json))
        {
            var (text, _, _) = await ExchangeAsync(emulator);
            Assert.Equal("{\"status\":\"Stop\u00FF\u00FEping\"}", Body(text));
        }

        await using (var emulator = await StartAsync(ResponseFault.HtmlPage))
        {
            var (text, _, _) = await ExchangeAsync(emulator);
            Assert.Contains("Content-Type: text/html", text);
            Assert.StartsWith("<!DOCTYPE html>", Body(text));
        }
    }

    [Fact]
    public async Task UnreadableBody_HasAnInvalidChunkHeader()
    {
        await using var emulator = await StartAsync(ResponseFault.UnreadableBody);
        var (text, _, _) = await ExchangeAsync(emulator);
        Assert.Contains("Transfer-Encoding: chunked\r\n", text);
        Assert.StartsWith("zz-not-a-chunk-size\r\n", Body(text));
    }

    [Fact]
    public async Task ResetMidBody_SendsHalfTheBody_ThenResets()
    {
        await using var emulator = await StartAsync(ResponseFault.ResetMidBody);
        var (text, _, ending) = await ExchangeAsync(emulator);
        Assert.Equal("reset", ending);
        // A reset may discard bytes not read yet; whatever arrived is at most the first half of the body.
        if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            Assert.Equal("{\"status\":", Body(text));
        }
    }

    [Fact]
    public async Task Trickle_SendsOneByteAtATime_AndStopsWhenTheClientLeaves()
    {
        await using var emulator = await StartAsync(ResponseFault.Trickle(TimeSpan.FromMilliseconds(20)));
        var (text, _, ending) = await ExchangeAsync(emulator);
        Assert.Equal("close", ending);
        Assert.Equal("{\"status\":\"Stopping\"}", Body(text));
    }

    [Fact]
    public async Task HugeBodies_HaveExactlyTheSizeAsked_AndAreValidJson()
    {
        await using (var emulator = await StartAsync(ResponseFault.HugeErrorBody(3_000_000)))
        {
            var (text, _, _) = await ExchangeAsync(emulator, keepTextBytes: int.MaxValue);
            Assert.StartsWith("HTTP/1.1 500", text);
            Assert.Contains("X-Amzn-ErrorType: InternalFailureException\r\n", text);
            Assert.Contains("Content-Length: 3000000\r\n", text);
            var body = Body(text);
            Assert.Equal(3_000_000, body.Length);
            using var json = System.Text.Json.JsonDocument.Parse(body);
            Assert.Equal("InternalFailureException", json.RootElement.GetProperty("code").GetString());
        }

        await using (var emulator = await StartAsync(ResponseFault.HugeSuccessBody(2_000_000)))
        {
            var (text, _, _) = await ExchangeAsync(emulator, keepTextBytes: int.MaxValue);
            Assert.Contains("Transfer-Encoding: chunked\r\n", text);
            Assert.DoesNotContain("Content-Length", text);
        }
    }

    [Fact]
    public void Arguments_AreValidated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ResponseFault.Trickle(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => ResponseFault.HugeErrorBody(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => ResponseFault.HugeSuccessBody(-1));
        Assert.Equal(TimeSpan.FromSeconds(1), ResponseFault.Trickle().Interval);
        Assert.Equal(100_000_000, ResponseFault.HugeErrorBody().BodySize);
        Assert.Equal(500_000_000, ResponseFault.HugeSuccessBody().BodySize);
        Assert.Equal(500, ResponseFault.HugeErrorBody().StatusCode);
        Assert.True(Enum.GetValues<ResponseFaultKind>().All(k => k == ResponseFaultKind.HugeErrorBody || new[]
        {
            ResponseFault.TruncatedJson, ResponseFault.ContentLengthTooLarge, ResponseFault.InvalidUtf8Json, ResponseFault.HtmlPage,
            ResponseFault.UnreadableBody, ResponseFault.ResetMidBody, ResponseFault.Trickle(), ResponseFault.HugeSuccessBody(),
        }.Any(f => f.Kind == k && f.StatusCode == 200)));
    }
}
