using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
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

/// <summary>
/// A spec may ask for a compressed body (GetPropertygraphStream's <c>Accept-Encoding: gzip</c> header member). Whatever
/// HttpClient sends the call, the pipeline hands generated code the decoded JSON, for successes and for errors.
/// </summary>
public sealed class ContentEncodingTests
{
    private const string Records = "{\"lastEventId\":{\"commitNum\":12,\"opNum\":1},\"format\":\"PG_JSON\",\"totalRecords\":1}";

    private sealed class TestOptions : AwsClientOptions;

    private static readonly ServiceDescription Service = new("NeptuneData", "neptune-db", "2023-08-01", (error, inner) => new AwsServiceException(error, inner));

    private static TestOptions Options(string endpoint = "https://my-cluster.example.com:8182") => new()
    {
        Endpoint = new Uri(endpoint),
        Region = "us-east-1",
        Retry = { MaxAttempts = 1 },
        Credentials = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
    };

    private static OperationRequest GetStream()
    {
        var operation = new OperationRequest("GetPropertygraphStream", HttpMethod.Get);
        operation.AppendPath("/propertygraph/stream");
        operation.AddHeader("Accept-Encoding", "gzip");
        return operation;
    }

    private static string? ReadFormat(ServiceResponse response)
    {
        var reader = new Utf8JsonReader(response.Body.Span);
        string? format = null;
        if (RestJson.ReadStartObject(ref reader))
        {
            while (RestJson.ReadNextProperty(ref reader))
            {
                var isFormat = reader.ValueTextEquals("format"u8);
                RestJson.ReadValue(ref reader);
                if (isFormat)
                {
                    format = RestJson.ReadString(ref reader);
                }
                else
                {
                    RestJson.Skip(ref reader);
                }
            }
        }

        return format;
    }

    private static byte[] Compress(string encoding, byte[] data)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "br" => new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "deflate" => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "raw-deflate" => new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true),
            _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
        })
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }

    private static HttpResponseMessage Encoded(HttpStatusCode status, string json, string wireEncoding, string contentEncoding, params (string Name, string Value)[] headers)
    {
        var content = new ByteArrayContent(Compress(wireEncoding, Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add(contentEncoding);
        var response = new HttpResponseMessage(status) { Content = content };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip", "x-gzip")]
    [InlineData("gzip", "GZIP")]
    [InlineData("deflate", "deflate")]
    [InlineData("raw-deflate", "deflate")]
    [InlineData("br", "br")]
    public async Task CompressedSuccessBodyIsDecodedBeforeItIsRead(string wireEncoding, string contentEncoding)
    {
        var handler = new FakeHandler(_ => Encoded(HttpStatusCode.OK, Records, wireEncoding, contentEncoding));
        using var pipeline = new ServiceClientPipeline(Service, Options(), new HttpClient(handler));

        var format = await pipeline.SendAsync(GetStream(), ReadFormat, CancellationToken.None);

        Assert.Equal("PG_JSON", format);
        Assert.Equal("gzip", Assert.Single(handler.Requests).Header("Accept-Encoding"));
    }

    [Fact]
    public async Task CompressedErrorBodyIsDecodedIntoTheTypedException()
    {
        const string error = "{\"code\":\"StreamRecordsNotFoundException\",\"detailedMessage\":\"no records\",\"requestId\":\"req-9\"}";
        var handler = new FakeHandler(_ => Encoded(HttpStatusCode.NotFound, error, "gzip", "gzip"));
        using var pipeline = new ServiceClientPipeline(Service, Options(), new HttpClient(handler));

        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(GetStream(), ReadFormat, CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, exception.StatusCode);
        Assert.Equal("StreamRecordsNotFoundException", exception.ErrorCode);
        Assert.Equal("no records", exception.DetailedMessage);
        Assert.Equal("req-9", exception.RequestId);
        Assert.Equal(error, exception.ResponseBody);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task CorruptCompressedBodyIsATypedExceptionKeepingStatusAndRequestId(string encoding)
    {
        var handler = new FakeHandler(_ =>
        {
            var content = new ByteArrayContent([0x1F, 0x8B, 0x07, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x03, 0x01, 0x02]);
            content.Headers.ContentEncoding.Add(encoding);
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
            response.Headers.TryAddWithoutValidation("x-amzn-RequestId", "req-bad");
            return response;
        });
        using var pipeline = new ServiceClientPipeline(Service, Options(), new HttpClient(handler));

        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(GetStream(), ReadFormat, CancellationToken.None));

        Assert.Equal(HttpStatusCode.OK, exception.StatusCode);
        Assert.Equal("req-bad", exception.RequestId);
        Assert.Null(exception.ErrorCode);
        Assert.Contains($"could not be decompressed (Content-Encoding: {encoding})", exception.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidDataException>(exception.InnerException);
    }

    [Fact]
    public async Task UnknownEncodingLeavesTheBodyAsReceived()
    {
        var handler = new FakeHandler(_ =>
        {
            var content = new StringContent(Records, Encoding.UTF8, "application/json");
            content.Headers.ContentEncoding.Add("identity");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        using var pipeline = new ServiceClientPipeline(Service, Options(), new HttpClient(handler));

        Assert.Equal("PG_JSON", await pipeline.SendAsync(GetStream(), ReadFormat, CancellationToken.None));
    }

    [Fact]
    public async Task GzipOverLoopbackIsDecodedWithThePipelinesOwnHttpClient()
    {
        using var server = CompressedLoopbackServer(Compress("gzip", Encoding.UTF8.GetBytes(Records)), "gzip");
        using var pipeline = new ServiceClientPipeline(Service, Options($"http://127.0.0.1:{server.Port}"));

        var format = await pipeline.SendAsync(GetStream(), ReadFormat, CancellationToken.None);

        Assert.Equal("PG_JSON", format);
        Assert.Contains("accept-encoding: gzip", (await server.RawRequest).ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GzipOverLoopbackIsDecodedOnceWhenTheUsersHandlerAlreadyDecompresses()
    {
        using var server = CompressedLoopbackServer(Compress("gzip", Encoding.UTF8.GetBytes(Records)), "gzip");
        using var httpClient = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All });
        using var pipeline = new ServiceClientPipeline(Service, Options($"http://127.0.0.1:{server.Port}"), httpClient);

        Assert.Equal("PG_JSON", await pipeline.SendAsync(GetStream(), ReadFormat, CancellationToken.None));
    }

    /// <summary>A one-shot loopback server that answers 200 with a compressed JSON body.</summary>
    private static LoopbackServer CompressedLoopbackServer(byte[] body, string encoding) =>
        new(Encoding.ASCII.GetBytes(
                $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: {encoding}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n")
            .Concat(body).ToArray());
}
