using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using System.Xml.Linq;
using Neptune.CodeGen.Runtime.Http;
using Neptune.CodeGen.Runtime.Signing;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// The two STS calls the credential providers need (Query protocol, XML answers): <c>AssumeRoleWithWebIdentity</c>
/// (unsigned) and <c>AssumeRole</c> (signed with SigV4). Errors name the STS error code and message, never a secret.
/// </summary>
internal sealed class StsClient
{
    /// <summary>The region used for STS when none is configured.</summary>
    public const string FallbackRegion = "us-east-1";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly MediaTypeHeaderValue FormContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");

    private readonly AwsEnvironment _environment;
    private readonly HttpClient _httpClient;
    private readonly RegionResolver _regionResolver;

    // The signer of the last AssumeRole call, reused (with its cached signing key) while the region stays the same.
    private SigV4Signer? _signer;

    public StsClient(AwsEnvironment environment)
    {
        _environment = environment;
        _httpClient = CredentialsHttp.CreateClient(environment, linkLocal: false);
        _regionResolver = new RegionResolver(environment);
    }

    /// <summary>The region STS is called in: the configured one (see <see cref="RegionResolver"/>), else us-east-1.</summary>
    public string ResolveRegion() =>
        _regionResolver.TryResolve(null, out var region) ? region : FallbackRegion;

    /// <summary>The STS endpoint for a region, unless overridden by the environment.</summary>
    public Uri EndpointFor(string region)
    {
        if (_environment.StsEndpoint is { } endpoint)
        {
            return endpoint;
        }

        if (_environment.Get("AWS_ENDPOINT_URL_STS") is { } configured && Uri.TryCreate(configured, UriKind.Absolute, out var uri))
        {
            return uri;
        }

        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://sts.{region}.{suffix}/");
    }

    /// <summary>Exchanges an OIDC token for role credentials (no AWS credentials needed). A null region is resolved.</summary>
    public Task<AwsCredentials> AssumeRoleWithWebIdentityAsync(
        string roleArn, string sessionName, string webIdentityToken, string? region, CancellationToken cancellationToken)
    {
        var form = $"Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn={PercentEncoding.Encode(roleArn)}" +
            $"&RoleSessionName={PercentEncoding.Encode(sessionName)}&WebIdentityToken={PercentEncoding.Encode(webIdentityToken)}";
        return SendAsync("AssumeRoleWithWebIdentity", roleArn, form, signWith: null, region, cancellationToken);
    }

    /// <summary>Assumes a role with the given source credentials. A null region is resolved.</summary>
    public Task<AwsCredentials> AssumeRoleAsync(
        string roleArn, string sessionName, AwsCredentials sourceCredentials, string? externalId, int? durationSeconds, string? region,
        CancellationToken cancellationToken)
    {
        var form = new StringBuilder($"Action=AssumeRole&Version=2011-06-15&RoleArn={PercentEncoding.Encode(roleArn)}&RoleSessionName={PercentEncoding.Encode(sessionName)}");
        if (externalId is not null)
        {
            form.Append("&ExternalId=");
            PercentEncoding.Append(form, externalId);
        }

        if (durationSeconds is not null)
        {
            form.Append("&DurationSeconds=").Append(durationSeconds.Value);
        }

        return SendAsync("AssumeRole", roleArn, form.ToString(), sourceCredentials, region, cancellationToken);
    }

    private async Task<AwsCredentials> SendAsync(
        string action, string roleArn, string form, AwsCredentials? signWith, string? region, CancellationToken cancellationToken)
    {
        region ??= ResolveRegion();
        var body = Encoding.UTF8.GetBytes(form);
        using var request = new HttpRequestMessage(HttpMethod.Post, EndpointFor(region)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = FormContentType;
        if (signWith is not null)
        {
            SignerFor(region).Sign(request, signWith, _environment.TimeProvider.GetUtcNow(), body);
        }

        HttpStatusCode status;
        string text;
        try
        {
            (status, text) = await CredentialsHttp.SendAsync(_httpClient, request, Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or HttpRequestException)
        {
            throw new AwsCredentialsException($"STS {action} for role {roleArn} failed: {CredentialsHttp.Describe(exception)}", exception);
        }

        var document = TryParseXml(text);
        if (status != HttpStatusCode.OK)
        {
            var code = Find(document, "Code") ?? "(no error code)";
            var message = Find(document, "Message");
            throw new AwsCredentialsException(
                $"STS {action} for role {roleArn} failed: HTTP {(int)status} {code}{(message is null ? string.Empty : ": " + Shorten(message))}");
        }

        var credentials = document?.Descendants().FirstOrDefault(e => e.Name.LocalName == "Credentials");
        var accessKeyId = Child(credentials, "AccessKeyId");
        var secretAccessKey = Child(credentials, "SecretAccessKey");
        if (accessKeyId is null || secretAccessKey is null)
        {
            throw new AwsCredentialsException($"STS {action} for role {roleArn} answered HTTP 200 without Credentials/AccessKeyId and SecretAccessKey.");
        }

        var expiration = CredentialsJson.ParseExpiration(Child(credentials, "Expiration"), $"STS {action}");
        return new AwsCredentials(accessKeyId, secretAccessKey, Child(credentials, "SessionToken"), expiration);
    }

    private SigV4Signer SignerFor(string region)
    {
        var signer = Volatile.Read(ref _signer);
        if (signer is null || !string.Equals(signer.Region, region, StringComparison.Ordinal))
        {
            signer = new SigV4Signer("sts", region);
            Volatile.Write(ref _signer, signer);
        }

        return signer;
    }

    private static XDocument? TryParseXml(string text)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            return XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static string? Find(XDocument? document, string localName) =>
        document?.Descendants().FirstOrDefault(e => e.Name.LocalName == localName)?.Value.Trim();

    private static string? Child(XElement? parent, string localName)
    {
        var value = parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName)?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
