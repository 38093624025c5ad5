using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Neptune.CodeGen.Runtime.Tests.Credentials;

/// <summary>One request as the loopback stand-in saw it.</summary>
internal sealed record LoopbackRequest(string Method, string Path, string Query, Dictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>An answer of the loopback stand-in.</summary>
internal sealed record LoopbackAnswer(int Status, string Body, params (string Name, string Value)[] Headers);

/// <summary>
/// Stand-ins for the IAM Identity Center portal (<c>GET …/federation/credentials</c>), SSO OIDC (<c>POST …/token</c>) and
/// anything else a test needs (STS, container, IMDS, the service), on a real socket: System.Net.HttpListener on
/// 127.0.0.1 and a free port. Every request is recorded; each route answers from a settable script.
/// </summary>
internal sealed class SsoStandIn : IDisposable
{
    public const string AccessToken = "aoaAAAAAGV-SSO-ACCESS-TOKEN-EXAMPLE";
    public const string RefreshToken = "aorvJYubGpU6i91YnH7Mfo-REFRESH-TOKEN-EXAMPLE";
    public const string ClientSecret = "eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0-CLIENT-SECRET";
    public const string NewAccessToken = "aoaAAAAAGV-REFRESHED-ACCESS-TOKEN";
    public const string NewRefreshToken = "aorvJYubGpU6i91YnH7Mfo-NEW-REFRESH-TOKEN";
    public const string RoleSecret = "sso/role/secret/EXAMPLEKEY+abc";
    public const string RoleSessionToken = "IQoJb3JpZ2luX2VjE-SSO-ROLE-SESSION-TOKEN";

    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();

    public SsoStandIn()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            BaseUrl = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
        }

        Portal = _ => new(200, RoleCredentialsJson("ASIASSO", RoleExpiration));
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<LoopbackRequest> Requests { get; } = new();

    public List<LoopbackRequest> All => Requests.ToList();

    public List<LoopbackRequest> PortalCalls => All.Where(r => r.Path.EndsWith("/federation/credentials", StringComparison.Ordinal)).ToList();

    public List<LoopbackRequest> OidcCalls => All.Where(r => r.Path.EndsWith("/token", StringComparison.Ordinal) && r.Method == "POST").ToList();

    /// <summary>The portal's answer; by default role credentials <c>ASIASSO</c> expiring at <see cref="RoleExpiration"/>.</summary>
    public Func<LoopbackRequest, LoopbackAnswer> Portal { get; set; }

    /// <summary>The OIDC answer; by default a refreshed token valid for an hour with a new refresh token.</summary>
    public Func<LoopbackRequest, LoopbackAnswer> Oidc { get; set; } = _ => new(200, RefreshedTokenJson(3600));

    /// <summary>Any other path; by default 404.</summary>
    public Func<LoopbackRequest, LoopbackAnswer> Other { get; set; } = _ => new(404, string.Empty);

    public DateTimeOffset RoleExpiration { get; set; } = new(2024, 1, 2, 4, 4, 5, TimeSpan.Zero);

    public static string RoleCredentialsJson(string accessKeyId, DateTimeOffset expiration) =>
        $$$"""{"roleCredentials":{"accessKeyId":"{{{accessKeyId}}}","secretAccessKey":"{{{RoleSecret}}}","sessionToken":"{{{RoleSessionToken}}}","expiration":{{{expiration.ToUnixTimeMilliseconds()}}}}}""";

    public static string RefreshedTokenJson(int expiresIn) =>
        $$"""{"accessToken":"{{NewAccessToken}}","expiresIn":{{expiresIn}},"refreshToken":"{{NewRefreshToken}}","tokenType":"Bearer"}""";

    /// <summary>An error the way the AWS JSON services send it: <c>x-amzn-ErrorType</c>, a request id and a message.</summary>
    public static LoopbackAnswer Error(int status, string errorType, string message) =>
        new(status, $$"""{"message":"{{message}}"}""", ("x-amzn-ErrorType", errorType + ":http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/"),
            ("x-amzn-RequestId", "5c3c1e3a-0000-4000-8000-00000000abcd"));

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in request.Headers.AllKeys)
        {
            headers[name!] = request.Headers[name] ?? string.Empty;
        }

        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        var seen = new LoopbackRequest(request.HttpMethod, request.Url!.AbsolutePath, request.Url.Query, headers, body);
        Requests.Enqueue(seen);
        LoopbackAnswer answer;
        try
        {
            answer = seen.Path.EndsWith("/federation/credentials", StringComparison.Ordinal) ? Portal(seen)
                : seen.Path.EndsWith("/token", StringComparison.Ordinal) && seen.Method == "POST" ? Oidc(seen)
                : Other(seen);
        }
        catch (Exception exception)
        {
            answer = new(599, "stand-in script failed: " + exception.Message);
        }

        var bytes = Encoding.UTF8.GetBytes(answer.Body);
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        foreach (var (name, value) in answer.Headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}

/// <summary>Config and token files as the AWS CLI writes them.</summary>
internal static class SsoFiles
{
    /// <summary>SHA-1 of "admin" (the AWS SDK test vectors' session name), i.e. the CLI's cache file name for it.</summary>
    public const string AdminSessionFile = "d033e22ae348aeb5660fc2140aec35850c4da997.json";

    /// <summary>SHA-1 of "https://d-abc123.awsapps.com/start", the cache file name of a legacy profile with that start URL.</summary>
    public const string LegacyStartUrlFile = "40a89917e3175433e361b710a9d43528d7f1890a.json";

    public const string StartUrl = "https://d-abc123.awsapps.com/start";

    /// <summary>A profile as <c>aws configure sso</c> writes it, with the session <c>admin</c>.</summary>
    public static string SessionConfig(string profile = "dev") => $"""
        [profile {profile}]
        sso_session = admin
        sso_account_id = 111122223333
        sso_role_name = ReadOnly
        region = us-west-2
        output = json

        [sso-session admin]
        sso_start_url = {StartUrl}
        sso_region = us-east-1
        sso_registration_scopes = sso:account:access
        """;

    /// <summary>A legacy profile: start URL and region in the profile itself.</summary>
    public static string LegacyConfig(string profile = "legacy") => $"""
        [profile {profile}]
        sso_start_url = {StartUrl}
        sso_region = us-east-1
        sso_account_id = 111122223333
        sso_role_name = ReadOnly
        region = us-west-2
        """;

    /// <summary>A token of an sso_session as <c>aws sso login</c> writes it (with refresh material).</summary>
    public static string SessionToken(DateTimeOffset expiresAt, DateTimeOffset? registrationExpiresAt = null) => $$"""
        {
          "startUrl": "{{StartUrl}}",
          "region": "us-east-1",
          "accessToken": "{{SsoStandIn.AccessToken}}",
          "expiresAt": "{{expiresAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}}",
          "clientId": "_yzkThXVzLWVhc3QtMQEXAMPLECLIENTID",
          "clientSecret": "{{SsoStandIn.ClientSecret}}",
          "registrationExpiresAt": "{{(registrationExpiresAt ?? expiresAt.AddDays(90)).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}}",
          "refreshToken": "{{SsoStandIn.RefreshToken}}"
        }
        """;

    /// <summary>A legacy token as older CLI versions wrote it (no refresh material, <c>UTC</c> time suffix).</summary>
    public static string LegacyToken(DateTimeOffset expiresAt) => $$"""
        {"startUrl": "{{StartUrl}}", "region": "us-east-1", "accessToken": "{{SsoStandIn.AccessToken}}", "expiresAt": "{{expiresAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss}}UTC"}
        """;

    public static string CachePath(string home, string fileName) => Path.Combine(home, ".aws", "sso", "cache", fileName);
}
