using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Http;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// EC2 instance-profile credentials from the instance metadata service (IMDS). IMDSv2: <c>PUT /latest/api/token</c>,
/// then <c>GET /latest/meta-data/iam/security-credentials/</c> for the role name and
/// <c>GET /latest/meta-data/iam/security-credentials/{role}</c> for the JSON credentials, each with a 1 s timeout and no
/// retries, so a machine that is not on EC2 gives up quickly. The endpoint is <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>, else
/// <c>http://[fd00:ec2::254]</c> when <c>AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6</c>, else <c>http://169.254.169.254</c>;
/// <c>AWS_EC2_METADATA_DISABLED=true</c> turns the provider off.
/// <para>
/// IMDSv1 fallback: only when the token request is answered with 403, 404 or 405 (an IMDS that does not offer v2) and
/// <c>AWS_EC2_METADATA_V1_DISABLED</c> is not <c>true</c> are the two GETs sent without a token. A timeout or network
/// error on the token request never falls back: it means no IMDS is reachable.
/// </para>
/// </summary>
public sealed class InstanceMetadataCredentialsProvider : IAwsCredentialsProvider, ICredentialsSource
{
    /// <summary>Set to <c>true</c> to turn the provider off.</summary>
    public const string DisabledVariable = "AWS_EC2_METADATA_DISABLED";

    /// <summary>Set to <c>true</c> to refuse the IMDSv1 fallback.</summary>
    public const string V1DisabledVariable = "AWS_EC2_METADATA_V1_DISABLED";

    /// <summary>The variable with the endpoint URL.</summary>
    public const string EndpointVariable = "AWS_EC2_METADATA_SERVICE_ENDPOINT";

    /// <summary>The variable with the endpoint mode, <c>IPv4</c> (default) or <c>IPv6</c>.</summary>
    public const string EndpointModeVariable = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";

    private const string CredentialsPath = "/latest/meta-data/iam/security-credentials/";
    private const string TokenHeader = "X-aws-ec2-metadata-token";

    private readonly AwsEnvironment _environment;
    private readonly HttpClient _httpClient;

    /// <summary>Creates the provider over the process environment.</summary>
    public InstanceMetadataCredentialsProvider() : this(AwsEnvironment.System)
    {
    }

    /// <summary>Creates the provider over the given environment.</summary>
    public InstanceMetadataCredentialsProvider(AwsEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _environment = environment;
        _httpClient = CredentialsHttp.CreateClient(environment, linkLocal: true);
    }

    /// <summary>How long each of the (up to three) requests may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The lifetime asked for the IMDSv2 session token, in seconds.</summary>
    public int TokenTtlSeconds { get; init; } = 21600;

    string ICredentialsSource.SourceName => Name;

    private static string Name => "EC2 instance metadata";

    /// <inheritdoc />
    /// <exception cref="AwsCredentialsException">IMDS is disabled, unreachable, has no role, or answered something unusable.</exception>
    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) =>
        (await LookupAsync(cancellationToken).ConfigureAwait(false)).GetOrThrow(Name);

    ValueTask<CredentialsLookup> ICredentialsSource.LookupAsync(CancellationToken cancellationToken) => LookupAsync(cancellationToken);

    private async ValueTask<CredentialsLookup> LookupAsync(CancellationToken cancellationToken)
    {
        if (_environment.IsTrue(DisabledVariable))
        {
            return CredentialsLookup.NotFound($"{DisabledVariable} is true");
        }

        var endpoint = ResolveEndpoint();
        var (tokenStatus, token) = await TrySendAsync(HttpMethod.Put, endpoint, "/latest/api/token", null, cancellationToken).ConfigureAwait(false);
        if (tokenStatus is null)
        {
            return CredentialsLookup.NotFound($"no instance metadata service answered at {endpoint} ({token})");
        }

        if (tokenStatus != HttpStatusCode.OK)
        {
            if (tokenStatus is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed))
            {
                throw new AwsCredentialsException($"The instance metadata service at {endpoint} answered the IMDSv2 token request with HTTP {(int)tokenStatus}.");
            }

            if (_environment.IsTrue(V1DisabledVariable))
            {
                throw new AwsCredentialsException(
                    $"The instance metadata service at {endpoint} refused an IMDSv2 token (HTTP {(int)tokenStatus}) and {V1DisabledVariable} is true.");
            }

            token = null;
        }

        var (roleStatus, roles) = await TrySendAsync(HttpMethod.Get, endpoint, CredentialsPath, token, cancellationToken).ConfigureAwait(false);
        if (roleStatus == HttpStatusCode.NotFound)
        {
            return CredentialsLookup.NotFound($"the instance at {endpoint} has no IAM role attached");
        }

        var role = roleStatus == HttpStatusCode.OK ? FirstLine(roles) : null;
        if (role is null)
        {
            throw new AwsCredentialsException($"The instance metadata service at {endpoint} did not name an IAM role ({Describe(roleStatus, roles)}).");
        }

        var (credentialsStatus, json) = await TrySendAsync(HttpMethod.Get, endpoint, CredentialsPath + PercentEncoding.Encode(role), token, cancellationToken)
            .ConfigureAwait(false);
        if (credentialsStatus != HttpStatusCode.OK)
        {
            throw new AwsCredentialsException(
                $"The instance metadata service at {endpoint} did not return credentials for role '{role}' ({Describe(credentialsStatus, json)}).");
        }

        return CredentialsLookup.Found(CredentialsJson.Parse(json!, $"instance metadata role '{role}'", "Token"));
    }

    private Uri ResolveEndpoint()
    {
        if (_environment.Get(EndpointVariable) is { } configured)
        {
            return Uri.TryCreate(configured, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                ? new Uri(uri.GetLeftPart(UriPartial.Authority))
                : throw new AwsCredentialsException($"{EndpointVariable} is not an absolute http or https URL.");
        }

        return string.Equals(_environment.Get(EndpointModeVariable), "IPv6", StringComparison.OrdinalIgnoreCase)
            ? new Uri("http://[fd00:ec2::254]")
            : new Uri("http://169.254.169.254");
    }

    /// <summary>Sends one request; a null status means no answer, and the text then says why.</summary>
    private async Task<(HttpStatusCode? Status, string? Text)> TrySendAsync(
        HttpMethod method, Uri endpoint, string path, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(endpoint, path));
        if (method == HttpMethod.Put)
        {
            request.Headers.TryAddWithoutValidation("X-aws-ec2-metadata-token-ttl-seconds", TokenTtlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (token is not null)
        {
            request.Headers.TryAddWithoutValidation(TokenHeader, token);
        }

        try
        {
            var (status, body) = await CredentialsHttp.SendAsync(_httpClient, request, Timeout, cancellationToken).ConfigureAwait(false);
            return (status, body);
        }
        catch (Exception exception) when (exception is TimeoutException or HttpRequestException)
        {
            return (null, CredentialsHttp.Describe(exception));
        }
    }

    private static string? FirstLine(string? text)
    {
        var line = text?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } lines ? lines[0] : null;
        return string.IsNullOrEmpty(line) ? null : line;
    }

    // Only the status is described (or why there was none): response bodies may hold secrets.
    private static string Describe(HttpStatusCode? status, string? text) => status is null ? text ?? "no answer" : $"HTTP {(int)status}";
}
