using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;

namespace Neptune.CodeGen.Runtime.Tests.Support;

/// <summary>A clock that returns a set time and can be moved by hand.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>A captured request: what a handler saw when it was called (headers copied, body read).</summary>
internal sealed record CapturedRequest(HttpMethod Method, Uri Uri, Dictionary<string, List<string>> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? string.Join(',', values) : null;

    public int Count(string name) => Headers.TryGetValue(name, out var values) ? values.Count : 0;
}

/// <summary>A primary handler that never touches the network: it records each request and answers with a scripted response.</summary>
internal sealed class FakeHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public List<CapturedRequest> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        void Copy(IEnumerable<KeyValuePair<string, System.Net.Http.Headers.HeaderStringValues>> source)
        {
            foreach (var header in source)
            {
                if (!headers.TryGetValue(header.Key, out var list))
                {
                    headers[header.Key] = list = new List<string>();
                }

                list.AddRange(header.Value);
            }
        }

        Copy(request.Headers.NonValidated);
        byte[] body = [];
        if (request.Content is not null)
        {
            Copy(request.Content.Headers.NonValidated);
            body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        lock (Requests)
        {
            Requests.Add(new CapturedRequest(request.Method, request.RequestUri!, headers, body));
        }

        var response = respond(request);
        response.RequestMessage ??= request;
        return response;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string body, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}

/// <summary>Counts how often credentials are asked for and returns the current ones.</summary>
internal sealed class CountingCredentialsProvider(Func<int, AwsCredentials> next) : IAwsCredentialsProvider
{
    private int _calls;

    public int Calls => _calls;

    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) =>
        new(next(Interlocked.Increment(ref _calls)));
}

/// <summary>
/// A one-shot HTTP/1.1 server on 127.0.0.1 that records the raw bytes of the request it receives and answers with the given
/// raw response (by default 200 with an empty JSON object). Used to see what HttpClient really puts on the wire after signing.
/// </summary>
internal sealed class LoopbackServer : IDisposable
{
    private static readonly byte[] EmptyJsonResponse =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"u8.ToArray();

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly byte[] _response;
    private readonly Task<string> _request;

    /// <param name="response">The raw response, status line and headers included; null for 200 <c>{}</c>.</param>
    public LoopbackServer(byte[]? response = null)
    {
        _response = response ?? EmptyJsonResponse;
        _listener.Start();
        _request = Task.Run(ReceiveAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The request head and body as received, with CRLF turned into LF.</summary>
    public Task<string> RawRequest => _request;

    private async Task<string> ReceiveAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = await _listener.AcceptTcpClientAsync(cts.Token);
        var stream = client.GetStream();
        var received = new MemoryStream();
        var buffer = new byte[8192];
        int headEnd;
        while ((headEnd = IndexOf(received.GetBuffer().AsSpan(0, (int)received.Length), "\r\n\r\n"u8)) < 0)
        {
            var n = await stream.ReadAsync(buffer, cts.Token);
            if (n == 0)
            {
                break;
            }

            received.Write(buffer, 0, n);
        }

        var head = Encoding.UTF8.GetString(received.GetBuffer(), 0, Math.Max(headEnd, 0));
        var contentLength = 0;
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        while (received.Length < headEnd + 4 + contentLength)
        {
            var n = await stream.ReadAsync(buffer, cts.Token);
            if (n == 0)
            {
                break;
            }

            received.Write(buffer, 0, n);
        }

        await stream.WriteAsync(_response, cts.Token);
        await stream.FlushAsync(cts.Token);
        return Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length).Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static int IndexOf(ReadOnlySpan<byte> data, ReadOnlySpan<byte> value) => data.IndexOf(value);

    public void Dispose() => _listener.Stop();
}

/// <summary>An HTTP/1.1 server on 127.0.0.1 that answers every request with a 307 to itself and counts the requests.</summary>
internal sealed class LoopbackRedirectServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _requests;

    public LoopbackRedirectServer()
    {
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Requests => Volatile.Read(ref _requests);

    private async Task LoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var stream = client.GetStream();
                var buffer = new byte[8192];
                var received = new StringBuilder();
                while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var n = await stream.ReadAsync(buffer, _stop.Token);
                    if (n == 0)
                    {
                        break;
                    }

                    received.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }

                Interlocked.Increment(ref _requests);
                var response = $"HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:{Port}/elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
