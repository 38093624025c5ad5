using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Http;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// The two IAM Identity Center calls the SSO credentials need, over plain HTTP + JSON (no AWS SDK):
/// the portal's <c>GetRoleCredentials</c> (<c>GET /federation/credentials</c>, bearer token in <c>x-amz-sso_bearer_token</c>)
/// and SSO OIDC <c>CreateToken</c> with the refresh-token grant (<c>POST /token</c>). Endpoints follow <c>sso_region</c>
/// (<c>https://portal.sso.{region}.amazonaws.com</c>, <c>https://oidc.{region}.amazonaws.com</c>) unless
/// <c>AWS_ENDPOINT_URL_SSO</c> / <c>AWS_ENDPOINT_URL_SSO_OIDC</c>, else <c>AWS_ENDPOINT_URL</c>, say otherwise (and
/// <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is not <c>true</c>). Messages never contain a token or a key.
/// </summary>
internal sealed class SsoClient
{
    public const string PortalEndpointVariable = "AWS_ENDPOINT_URL_SSO";
    public const string OidcEndpointVariable = "AWS_ENDPOINT_URL_SSO_OIDC";
    public const string GlobalEndpointVariable = "AWS_ENDPOINT_URL";
    public const string IgnoreEndpointsVariable = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly MediaTypeHeaderValue JsonContentType = MediaTypeHeaderValue.Parse("application/json");

    private readonly AwsEnvironment _environment;
    private readonly HttpClient _httpClient;

    public SsoClient(AwsEnvironment environment)
    {
        _environment = environment;
        _httpClient = CredentialsHttp.CreateClient(environment, linkLocal: false);
    }

    /// <summary>The SSO portal endpoint for a region.</summary>
    public Uri PortalEndpoint(string region) => Endpoint(PortalEndpointVariable, "portal.sso", region);

    /// <summary>The SSO OIDC endpoint for a region.</summary>
    public Uri OidcEndpoint(string region) => Endpoint(OidcEndpointVariable, "oidc", region);

    /// <summary>Exchanges the access token for the role's temporary credentials.</summary>
    /// <exception cref="AwsCredentialsException">The portal refused or could not be reached; the message says what to do.</exception>
    public async Task<AwsCredentials> GetRoleCredentialsAsync(SsoProfile profile, string accessToken, CancellationToken cancellationToken)
    {
        var uri = new Uri(PortalEndpoint(profile.Region),
            $"federation/credentials?account_id={PercentEncoding.Encode(profile.AccountId)}&role_name={PercentEncoding.Encode(profile.RoleName)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("x-amz-sso_bearer_token", accessToken);
        var what = $"SSO GetRoleCredentials for account {profile.AccountId}, role {profile.RoleName}";
        var (status, body, errorType, requestId) = await SendAsync(request, what, cancellationToken).ConfigureAwait(false);
        if (status != HttpStatusCode.OK)
        {
            throw new AwsCredentialsException(what + " failed: " + DescribeError(status, body, errorType, requestId) + Advice(status, profile));
        }

        return ParseRoleCredentials(body, what);
    }

    /// <summary>Uses the refresh-token grant of SSO OIDC <c>CreateToken</c>.</summary>
    /// <returns>The new access token, its lifetime, and the new refresh token if one was issued.</returns>
    /// <exception cref="AwsCredentialsException">OIDC refused or could not be reached.</exception>
    public async Task<(string AccessToken, TimeSpan ExpiresIn, string? RefreshToken)> RefreshTokenAsync(
        string region, string clientId, string clientSecret, string refreshToken, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("clientId", clientId);
            writer.WriteString("clientSecret", clientSecret);
            writer.WriteString("grantType", "refresh_token");
            writer.WriteString("refreshToken", refreshToken);
            writer.WriteEndObject();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(OidcEndpoint(region), "token"))
        {
            Content = new ByteArrayContent(buffer.ToArray()),
        };
        request.Content.Headers.ContentType = JsonContentType;
        const string What = "SSO OIDC CreateToken (refresh_token grant)";
        var (status, body, errorType, requestId) = await SendAsync(request, What, cancellationToken).ConfigureAwait(false);
        if (status != HttpStatusCode.OK)
        {
            throw new AwsCredentialsException(What + " failed: " + DescribeError(status, body, errorType, requestId));
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var accessToken = root.ValueKind == JsonValueKind.Object ? CredentialsJson.NonBlankString(root, "accessToken") : null;
            if (accessToken is null || !root.TryGetProperty("expiresIn", out var expiresIn) || !expiresIn.TryGetInt32(out var seconds) || seconds <= 0)
            {
                throw new AwsCredentialsException(What + " answered HTTP 200 without accessToken and a positive expiresIn.");
            }

            return (accessToken, TimeSpan.FromSeconds(seconds), CredentialsJson.NonBlankString(root, "refreshToken"));
        }
        catch (JsonException)
        {
            throw new AwsCredentialsException(What + " answered HTTP 200 with a body that is not JSON.");
        }
    }

    private Uri Endpoint(string variable, string hostPrefix, string region)
    {
        if (!_environment.IsTrue(IgnoreEndpointsVariable))
        {
            foreach (var name in new[] { variable, GlobalEndpointVariable })
            {
                if (_environment.Get(name) is { } configured)
                {
                    return Uri.TryCreate(configured, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                        ? WithTrailingSlash(uri)
                        : throw new AwsCredentialsException($"{name} is '{configured}', which is not an absolute http or https URL.");
                }
            }
        }

        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://{hostPrefix}.{region}.{suffix}/");
    }

    // So that "federation/credentials" and "token" are appended to a configured base path instead of replacing it.
    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith('/') ? uri : new UriBuilder(uri) { Path = uri.AbsolutePath + "/" }.Uri;

    private async Task<(HttpStatusCode Status, string Body, string? ErrorType, string? RequestId)> SendAsync(
        HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        try
        {
            var (status, body, headers) = await CredentialsHttp.SendWithHeadersAsync(_httpClient, request, Timeout, cancellationToken).ConfigureAwait(false);
            return (status, body, Header(headers, "x-amzn-ErrorType"), Header(headers, Errors.ErrorResponseReader.RequestIdHeader));
        }
        catch (Exception exception) when (exception is TimeoutException or HttpRequestException)
        {
            throw new AwsCredentialsException($"{what} failed: {CredentialsHttp.Describe(exception)}", exception);
        }
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary><c>HTTP 403 ForbiddenException: No access (request id …)</c>. The body of an error holds no secret, but is still shortened.</summary>
    private static string DescribeError(HttpStatusCode status, string body, string? errorType, string? requestId)
    {
        // The code's namespace and suffix are dropped as for service errors; the body's members are the SSO and OIDC ones.
        var code = Errors.ErrorResponseReader.Sanitize(errorType);
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var root = document.RootElement;
                code ??= Errors.ErrorResponseReader.Sanitize(CredentialsJson.NonBlankString(root, "__type")) ?? CredentialsJson.NonBlankString(root, "error") ?? CredentialsJson.NonBlankString(root, "code");
                message = CredentialsJson.NonBlankString(root, "message") ?? CredentialsJson.NonBlankString(root, "Message") ?? CredentialsJson.NonBlankString(root, "error_description");
            }
        }
        catch (JsonException)
        {
        }

        var text = $"HTTP {(int)status} {(string.IsNullOrEmpty(code) ? "(no error code)" : code)}";
        if (message is not null)
        {
            text += ": " + (message.Length <= 300 ? message : message[..300] + "…");
        }

        return requestId is null ? text : text + $" (request id {requestId})";
    }

    private static string Advice(HttpStatusCode status, SsoProfile profile) => status switch
    {
        HttpStatusCode.Unauthorized =>
            $". The SSO sign-in is no longer valid; run `aws sso login --profile {profile.ProfileName}` to sign in again.",
        HttpStatusCode.Forbidden =>
            $". Check that your IAM Identity Center user is assigned role {profile.RoleName} in account {profile.AccountId} (sso_role_name and sso_account_id of profile '{profile.ProfileName}').",
        HttpStatusCode.TooManyRequests => ". IAM Identity Center is throttling; try again shortly.",
        >= HttpStatusCode.InternalServerError => ". IAM Identity Center had a server error; try again shortly.",
        _ => ".",
    };

    private static AwsCredentials ParseRoleCredentials(string body, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("roleCredentials", out var credentials)
                || credentials.ValueKind != JsonValueKind.Object)
            {
                throw new AwsCredentialsException(what + " answered HTTP 200 without a roleCredentials object.");
            }

            var accessKeyId = CredentialsJson.NonBlankString(credentials, "accessKeyId") ?? throw MissingMember(what, "accessKeyId");
            var secretAccessKey = CredentialsJson.NonBlankString(credentials, "secretAccessKey") ?? throw MissingMember(what, "secretAccessKey");
            var sessionToken = CredentialsJson.NonBlankString(credentials, "sessionToken") ?? throw MissingMember(what, "sessionToken");
            if (!credentials.TryGetProperty("expiration", out var expiration) || !expiration.TryGetInt64(out var milliseconds)
                || milliseconds <= 0 || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            {
                throw MissingMember(what, "expiration");
            }

            return new AwsCredentials(accessKeyId, secretAccessKey, sessionToken, DateTimeOffset.FromUnixTimeMilliseconds(milliseconds));
        }
        catch (JsonException)
        {
            // The parser's message could quote part of the credentials.
            throw new AwsCredentialsException(what + " answered HTTP 200 with a body that is not JSON.");
        }
    }

    private static AwsCredentialsException MissingMember(string what, string member) =>
        new($"{what} answered HTTP 200 without roleCredentials.{member}.");
}
