using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.CodeGen.Runtime.Http;
using Neptune.CodeGen.Runtime.Json;
using Neptune.CodeGen.Runtime.Tests.Support;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Http;

/// <summary>The limit on buffered response bodies (MaxResponseBufferSize), and bodies that cannot be read.</summary>
public sealed class ResponseBufferLimitTests
{
    private sealed class TestOptions : AwsClientOptions;

    private static readonly ServiceDescription Service = new("NeptuneData", "neptune-db", "2023-08-01", static (error, inner) => new AwsServiceException(error, inner));

    private static TestOptions Options(int limit, int maxAttempts = 3) => new()
    {
        Endpoint = new Uri("https://my-cluster:8182"),
        Region = "us-east-1",
        Credentials = new AwsCredentials("AKIDEXAMPLE", "secret"),
        MaxResponseBufferSize = limit,
        Retry = { MaxAttempts = maxAttempts, MaxBackoff = TimeSpan.FromMilliseconds(1) },
    };

    private static OperationRequest CancelJob()
    {
        var operation = new OperationRequest("CancelMLModelTrainingJob", HttpMethod.Delete);
        operation.AppendPath("/ml/modeltraining/");
        operation.AppendLabel("Id", "job-1");
        return operation;
    }

    private static string? ReadStatus(ServiceResponse response)
    {
        var reader = new Utf8JsonReader(response.Body.Span);
        string? status = null;
        if (RestJson.ReadStartObject(ref reader))
        {
            while (RestJson.ReadNextProperty(ref reader))
            {
                if (reader.ValueTextEquals("status"u8))
                {
                    reader.Read();
                    status = reader.GetString();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        return status;
    }

    /// <summary>A body of 'x' bytes made up as it is read (never held), counting how many bytes were taken from it.</summary>
    private sealed class GeneratedStream(long length, string prefix = "") : Stream
    {
        private readonly byte[] _prefix = Encoding.UTF8.GetBytes(prefix);

        public long Position2;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var left = length - Position2;
            var n = (int)Math.Min(count, left);
            for (var i = 0; i < n; i++)
            {
                var at = Position2 + i;
                buffer[offset + i] = at < _prefix.Length ? _prefix[at] : (byte)'x';
            }

            Position2 += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Position2; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A body that gives a few bytes, then fails like a reset connection.</summary>
    private sealed class FailingStream : Stream
    {
        private bool _gaveBytes;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_gaveBytes)
            {
                throw new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely.");
            }

            _gaveBytes = true;
            buffer[offset] = (byte)'{';
            return 1;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static HttpResponseMessage Respond(HttpStatusCode status, Stream body, long? declaredLength, params (string Name, string Value)[] headers)
    {
        var content = new StreamContent(body);
        content.Headers.ContentLength = declaredLength;
        var response = new HttpResponseMessage(status) { Content = content };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    [Fact]
    public async Task BodyDeclaredLargerThanTheLimitIsNotReadAndNotRetried()
    {
        const long Size = 500L * 1024 * 1024;
        GeneratedStream? last = null;
        var handler = new FakeHandler(_ => Respond(HttpStatusCode.OK, last = new GeneratedStream(Size, "{\"status\":\""), Size, ("x-amzn-RequestId", "req-big")));
        using var pipeline = new ServiceClientPipeline(Service, Options(limit: 4096), new HttpClient(handler));

        var error = await Assert.ThrowsAsync<AwsResponseTooLargeException>(() => pipeline.SendAsync(CancelJob(), ReadStatus, CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Equal("req-big", error.RequestId);
        Assert.Equal(4096, error.Limit);
        Assert.Equal(Size, error.ContentLength);
        Assert.Equal(AwsResponseTooLargeException.KeptBodyBytes, error.ResponseBody.Length);
        Assert.StartsWith("{\"status\":\"xxx", error.ResponseBody, StringComparison.Ordinal);
        Assert.Contains("MaxResponseBufferSize (4096 bytes; Content-Length 524288000)", error.Message, StringComparison.Ordinal);
        Assert.Contains("request id req-big", error.Message, StringComparison.Ordinal);
        Assert.False(error.Retryable);
        Assert.True(last!.Position2 <= 64 * 1024, $"read {last.Position2} bytes of a body that was refused by its length");
    }

    [Fact]
    public async Task GzipBodyThatInflatesPastTheLimitIsRefusedWithoutInflatingIt()
    {
        // 16 MiB of 'x' compresses to a few KiB: small on the wire, far over a 1 MiB limit once decoded.
        var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes("{\"status\":\""));
            var block = new byte[1024 * 1024];
            Array.Fill(block, (byte)'x');
            for (var i = 0; i < 16; i++)
            {
                gzip.Write(block);
            }
        }

        var wire = compressed.ToArray();
        Assert.True(wire.Length < 1024 * 1024);
        var handler = new FakeHandler(_ =>
        {
            var response = Respond(HttpStatusCode.OK, new MemoryStream(wire), wire.Length, ("x-amzn-RequestId", "req-gz"));
            response.Content.Headers.ContentEncoding.Add("gzip");
            return response;
        });
        using var pipeline = new ServiceClientPipeline(Service, Options(limit: 1024 * 1024), new HttpClient(handler));

        var error = await Assert.ThrowsAsync<AwsResponseTooLargeException>(() => pipeline.SendAsync(CancelJob(), ReadStatus, CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.Equal("req-gz", error.RequestId);
        Assert.Equal(1024 * 1024, error.Limit);
        Assert.False(error.Retryable);
    }

    [Fact]
    public async Task ChunkedBodyIsReadOnlyUpToTheLimitAndKeepsTheErrorCode()
    {
        GeneratedStream? last = null;
        var handler = new FakeHandler(_ => Respond(HttpStatusCode.InternalServerError, last = new GeneratedStream(long.MaxValue, "{\"code\":\"InternalFailureException\""), null,
            ("x-amzn-RequestId", "req-500"), ("X-Amzn-ErrorType", "InternalFailureException")));
        using var pipeline = new ServiceClientPipeline(Service, Options(limit: 100_000), new HttpClient(handler));

        var error = await Assert.ThrowsAsync<AwsResponseTooLargeException>(() => pipeline.SendAsync(CancelJob(), ReadStatus, CancellationToken.None));

        // A 500 is transient, but the same request would bring the same body: one attempt only.
        Assert.Single(handler.Requests);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("InternalFailureException", error.ErrorCode);
        Assert.Equal("req-500", error.RequestId);
        Assert.Null(error.ContentLength);
        Assert.StartsWith("{\"code\":\"InternalFailureException\"xxx", error.ResponseBody, StringComparison.Ordinal);
        Assert.Equal(AwsResponseTooLargeException.KeptBodyBytes, error.ResponseBody.Length);
        Assert.True(last!.Position2 <= 100_000 + 64 * 1024, $"read {last.Position2} bytes with a limit of 100000");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task BodyOfExactlyTheLimitIsRead(bool declareLength)
    {
        var json = "{\"status\":\"" + new string('s', 5000) + "\"}";
        var bytes = Encoding.UTF8.GetBytes(json);
        var handler = new FakeHandler(_ => Respond(HttpStatusCode.OK, new MemoryStream(bytes), declareLength ? bytes.Length : null));
        using var pipeline = new ServiceClientPipeline(Service, Options(limit: bytes.Length), new HttpClient(handler));

        Assert.Equal(new string('s', 5000), await pipeline.SendAsync(CancelJob(), ReadStatus, CancellationToken.None));

        // One byte less and it is refused.
        using var smaller = new ServiceClientPipeline(Service, Options(limit: bytes.Length - 1), new HttpClient(handler));
        await Assert.ThrowsAsync<AwsResponseTooLargeException>(() => smaller.SendAsync(CancelJob(), ReadStatus, CancellationToken.None));
    }

    [Fact]
    public async Task DefaultLimitIs64MiB()
    {
        Assert.Equal(64 * 1024 * 1024, new TestOptions().MaxResponseBufferSize);
        Assert.Equal(AwsClientOptions.DefaultMaxResponseBufferSize, new TestOptions().MaxResponseBufferSize);
        var handler = new FakeHandler(_ => Respond(HttpStatusCode.OK, new GeneratedStream(long.MaxValue), AwsClientOptions.DefaultMaxResponseBufferSize + 1L));
        var options = Options(limit: 1);
        options.MaxResponseBufferSize = AwsClientOptions.DefaultMaxResponseBufferSize;
        using var pipeline = new ServiceClientPipeline(Service, options, new HttpClient(handler));

        var error = await Assert.ThrowsAsync<AwsResponseTooLargeException>(() => pipeline.SendAsync(CancelJob(), ReadStatus, CancellationToken.None));
        Assert.Equal(AwsClientOptions.DefaultMaxResponseBufferSize, error.Limit);
    }

    [Fact]
    public async Task BodyThatFailsWhileReadIsRetriedAndEndsAsHttpRequestExceptionWithTheStatus()
    {
        var handler = new FakeHandler(_ => Respond(HttpStatusCode.OK, new FailingStream(), 100, ("x-amzn-RequestId", "req-cut")));
        using var pipeline = new ServiceClientPipeline(Service, Options(limit: 1024, maxAttempts: 2), new HttpClient(handler));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => pipeline.SendAsync(CancelJob(), ReadStatus, CancellationToken.None));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Equal(HttpRequestError.ResponseEnded, error.HttpRequestError);
        Assert.IsType<HttpIOException>(error.InnerException);
        Assert.Contains("request id req-cut", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorBodyWithInvalidUtf8IsATypedErrorKeepingTheStatus()
    {
        // Before: Utf8JsonReader.GetString threw InvalidOperationException out of ErrorResponseReader.
        byte[] body = [.. "{\"code\":\"Bad"u8, 0xC3, 0x28, .. "\",\"requestId\":\"r\"}"u8];
        var handler = new FakeHandler(_ => Respond(HttpStatusCode.BadRequest, new MemoryStream(body), body.Length, ("x-amzn-RequestId", "req-utf8")));
        using var pipeline = new ServiceClientPipeline(Service, Options(limit: 1024), new HttpClient(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(CancelJob(), ReadStatus, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("req-utf8", error.RequestId);
        Assert.Null(error.ErrorCode);
        Assert.Contains("\uFFFD", error.ResponseBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SuccessBodyWithInvalidUtf8IsATypedErrorNotRetried()
    {
        byte[] body = [.. "{\"status\":\"Stop"u8, 0xFF, 0xFE, .. "ping\"}"u8];
        var handler = new FakeHandler(_ => Respond(HttpStatusCode.OK, new MemoryStream(body), body.Length, ("x-amzn-RequestId", "req-ok")));
        using var pipeline = new ServiceClientPipeline(Service, Options(limit: 1024), new HttpClient(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(CancelJob(), ReadStatus, CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Equal("req-ok", error.RequestId);
        Assert.Contains("could not be read", error.Message, StringComparison.Ordinal);
    }
}
