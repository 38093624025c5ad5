using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// Container credentials (ECS task roles, EKS Pod Identity). The endpoint is <c>http://169.254.170.2</c> followed by
/// <c>AWS_CONTAINER_CREDENTIALS_RELATIVE_URI</c>, else <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c> — which must be https, or
/// http to a loopback address or to the ECS/EKS agent addresses (169.254.170.2, 169.254.170.23, fd00:ec2::23). The
/// <c>Authorization</c> header comes from the file named by <c>AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE</c> (read on every
/// call), else from <c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c>. The answer is JSON with <c>AccessKeyId</c>,
/// <c>SecretAccessKey</c>, <c>Token</c> and <c>Expiration</c>. One request, 2 s timeout, no retries.
/// </summary>
public sealed class ContainerCredentialsProvider : IAwsCredentialsProvider, ICredentialsSource
{
    /// <summary>The variable with a path relative to <c>http://169.254.170.2</c>.</summary>
    public const string RelativeUriVariable = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";

    /// <summary>The variable with a full endpoint URL.</summary>
    public const string FullUriVariable = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

    /// <summary>The variable with the <c>Authorization</c> header value.</summary>
    public const string AuthorizationTokenVariable = "AWS_CONTAINER_AUTHORIZATION_TOKEN";

    /// <summary>The variable naming a file that holds the <c>Authorization</c> header value; wins over the token variable.</summary>
    public const string AuthorizationTokenFileVariable = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";

    private const string EcsHost = "169.254.170.2";
    private static readonly IPAddress[] AllowedHttpAddresses =
        [IPAddress.Parse(EcsHost), IPAddress.Parse("169.254.170.23"), IPAddress.Parse("fd00:ec2::23")];

    private readonly AwsEnvironment _environment;
    private readonly HttpClient _httpClient;

    /// <summary>Creates the provider over the process environment.</summary>
    public ContainerCredentialsProvider() : this(AwsEnvironment.System)
    {
    }

    /// <summary>Creates the provider over the given environment.</summary>
    public ContainerCredentialsProvider(AwsEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _environment = environment;
        _httpClient = CredentialsHttp.CreateClient(environment, linkLocal: true);
    }

    /// <summary>How long the endpoint has to answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    string ICredentialsSource.SourceName => Name;

    private static string Name => "container";

    /// <inheritdoc />
    /// <exception cref="AwsCredentialsException">The variables are not set, the URL is not allowed, or the endpoint failed.</exception>
    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) =>
        (await LookupAsync(cancellationToken).ConfigureAwait(false)).GetOrThrow(Name);

    ValueTask<CredentialsLookup> ICredentialsSource.LookupAsync(CancellationToken cancellationToken) => LookupAsync(cancellationToken);

    private async ValueTask<CredentialsLookup> LookupAsync(CancellationToken cancellationToken)
    {
        var uri = ResolveUri();
        if (uri is null)
        {
            return CredentialsLookup.NotFound($"neither {RelativeUriVariable} nor {FullUriVariable} is set");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        var authorization = await ReadAuthorizationAsync(cancellationToken).ConfigureAwait(false);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var where = $"the container credentials endpoint {uri.GetLeftPart(UriPartial.Path)}";
        HttpStatusCode status;
        string body;
        try
        {
            (status, body) = await CredentialsHttp.SendAsync(_httpClient, request, Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or HttpRequestException)
        {
            throw new AwsCredentialsException($"{Capitalize(where)} could not be reached: {CredentialsHttp.Describe(exception)}", exception);
        }

        if (status != HttpStatusCode.OK)
        {
            throw new AwsCredentialsException($"{Capitalize(where)} answered HTTP {(int)status}.");
        }

        return CredentialsLookup.Found(CredentialsJson.Parse(body, where, "Token"));
    }

    private Uri? ResolveUri()
    {
        if (_environment.Get(RelativeUriVariable) is { } relative)
        {
            var path = relative.StartsWith('/') ? relative : "/" + relative;
            return Uri.TryCreate("http://" + EcsHost + path, UriKind.Absolute, out var ecs)
                ? ecs
                : throw new AwsCredentialsException($"{RelativeUriVariable} is not a valid path: '{relative}'.");
        }

        if (_environment.Get(FullUriVariable) is not { } full)
        {
            return null;
        }

        if (!Uri.TryCreate(full, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new AwsCredentialsException($"{FullUriVariable} is not an absolute http or https URL.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsAllowedHttpHost(uri))
        {
            throw new AwsCredentialsException(
                $"{FullUriVariable} uses http with host '{uri.Host}': plain http is only allowed to a loopback address or to " +
                "169.254.170.2, 169.254.170.23 or fd00:ec2::23. Use https.");
        }

        return uri;
    }

    internal static bool IsAllowedHttpHost(Uri uri)
    {
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(uri.DnsSafeHost, out var address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return IPAddress.IsLoopback(address) || Array.Exists(AllowedHttpAddresses, allowed => allowed.Equals(address));
    }

    private async Task<string?> ReadAuthorizationAsync(CancellationToken cancellationToken)
    {
        string? token;
        if (_environment.Get(AuthorizationTokenFileVariable) is { } file)
        {
            try
            {
                token = (await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).Trim();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new AwsCredentialsException($"The container authorization token file {file} cannot be read: {exception.Message}", exception);
            }
        }
        else
        {
            token = _environment.Get(AuthorizationTokenVariable);
        }

        if (token is not null && token.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new AwsCredentialsException("The container authorization token contains a line break; it cannot be sent as a header.");
        }

        return string.IsNullOrEmpty(token) ? null : token;
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
