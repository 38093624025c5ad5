using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;

namespace Neptune.CodeGen.Runtime.Tests.Credentials;

/// <summary>A clock that stands still until a test moves it.</summary>
internal sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    private long _ticks = now.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public void Advance(TimeSpan by) => Now += by;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>One request as a <see cref="ScriptedHandler"/> saw it.</summary>
internal sealed record SeenRequest(HttpMethod Method, Uri Uri, Dictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The decoded form fields of an STS Query request.</summary>
    public Dictionary<string, string> Form() =>
        Body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => Uri.UnescapeDataString(pair[0]), pair => Uri.UnescapeDataString(pair.Length > 1 ? pair[1] : string.Empty));
}

/// <summary>A handler that never touches the network: it records each request and answers from a script.</summary>
internal sealed class ScriptedHandler(Func<SeenRequest, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    public ScriptedHandler(Func<SeenRequest, HttpResponseMessage> respond) : this((request, _) => Task.FromResult(respond(request)))
    {
    }

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    public List<SeenRequest> All => Requests.ToList();

    public static HttpResponseMessage Text(HttpStatusCode status, string body, string mediaType = "text/plain") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    /// <summary>Answers nothing: fails every request as an unreachable host would.</summary>
    public static ScriptedHandler Unreachable() =>
        new(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:9)"));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers.NonValidated)
        {
            headers[header.Key] = string.Join(',', header.Value);
        }

        var body = string.Empty;
        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers.NonValidated)
            {
                headers[header.Key] = string.Join(',', header.Value);
            }

            body = await request.Content.ReadAsStringAsync(cancellationToken);
        }

        var seen = new SeenRequest(request.Method, request.RequestUri!, headers, body);
        Requests.Enqueue(seen);
        var response = await respond(seen, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}

/// <summary>
/// A fake machine for the providers: variables in a dictionary, a temporary home directory (deleted on dispose) and a
/// scripted HTTP handler. Nothing reads the real environment, the real ~/.aws or the network.
/// </summary>
internal sealed class FakeMachine : IDisposable
{
    public const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string SessionToken = "IQoJb3JpZ2luX2VjEXAMPLE-SESSION-TOKEN";

    public FakeMachine()
    {
        Home = Path.Combine(Path.GetTempPath(), "neptune-creds-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Home, ".aws"));
    }

    public Dictionary<string, string?> Variables { get; } = new(StringComparer.Ordinal);

    public string Home { get; }

    public TestClock Clock { get; } = new(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));

    /// <summary>The HTTP script; by default every request fails as if nothing listened.</summary>
    public HttpMessageHandler Handler { get; set; } = ScriptedHandler.Unreachable();

    public Uri? StsEndpoint { get; set; } = new("http://127.0.0.1:4566/sts/");

    public AwsEnvironment Environment => new(name => Variables.GetValueOrDefault(name))
    {
        HomeDirectory = Home,
        HttpHandler = Handler,
        TimeProvider = Clock,
        StsEndpoint = StsEndpoint,
    };

    public string WriteConfig(string text) => WriteFile(Path.Combine(".aws", "config"), text);

    public string WriteCredentials(string text) => WriteFile(Path.Combine(".aws", "credentials"), text);

    public string WriteFile(string relativePath, string text)
    {
        var path = Path.Combine(Home, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.Replace("\r\n", "\n"));
        return path;
    }

    /// <summary>Writes an executable shell script (for credential_process) and returns its path.</summary>
    public string WriteScript(string name, string body)
    {
        var path = WriteFile(name, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Canned answers from the services the providers talk to.</summary>
internal static class Answers
{
    public static readonly DateTimeOffset Expiry = new(2024, 1, 2, 4, 4, 5, TimeSpan.Zero);

    public static string StsCredentials(string action, string accessKeyId = "ASIASTS", string expiration = "2024-01-02T04:04:05Z") => $"""
        <{action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <{action}Result>
            <Credentials>
              <AccessKeyId>{accessKeyId}</AccessKeyId>
              <SecretAccessKey>{FakeMachine.Secret}</SecretAccessKey>
              <SessionToken>{FakeMachine.SessionToken}</SessionToken>
              <Expiration>{expiration}</Expiration>
            </Credentials>
          </{action}Result>
          <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
        </{action}Response>
        """;

    public static string StsError(string code, string message) => $"""
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>
          <RequestId>e1b1a8c0-0000-0000-0000-000000000000</RequestId>
        </ErrorResponse>
        """;

    /// <summary>The JSON of the container endpoint and of instance metadata.</summary>
    public static string CredentialsJson(string accessKeyId, string expiration = "2024-01-02T04:04:05Z") => $$"""
        {"Code":"Success","LastUpdated":"2024-01-02T03:00:00Z","Type":"AWS-HMAC","AccessKeyId":"{{accessKeyId}}",
         "SecretAccessKey":"{{FakeMachine.Secret}}","Token":"{{FakeMachine.SessionToken}}","Expiration":"{{expiration}}"}
        """;
}
