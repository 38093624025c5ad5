using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Signing;
using Xunit;

namespace Neptune.Emulator.Tests;

/// <summary>Sends requests to an emulator, signed by the runtime's <see cref="SigV4Signer"/> with the emulator's own credentials by default.</summary>
internal sealed class SignedClient : IDisposable
{
    private readonly NeptuneEmulator _emulator;

    public SignedClient(NeptuneEmulator emulator)
    {
        _emulator = emulator;
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        var options = emulator.Options;
        Credentials = new AwsCredentials(options.AccessKeyId, options.SecretAccessKey, options.SessionToken);
        Signer = new SigV4Signer(options.SigningName, options.Region);
    }

    public HttpClient Http { get; }

    public AwsCredentials Credentials { get; }

    public SigV4Signer Signer { get; }

    public HttpRequestMessage Create(HttpMethod method, string pathAndQuery, string? json = null) =>
        new(method, new Uri(_emulator.Endpoint, pathAndQuery))
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, string? json = null) =>
        SendAsync(Create(method, pathAndQuery, json));

    public async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        AwsCredentials? credentials = null,
        SigV4Signer? signer = null,
        DateTimeOffset? signingTime = null,
        Action<HttpRequestMessage>? afterSigning = null)
    {
        await (signer ?? Signer).SignAsync(request, credentials ?? Credentials, signingTime ?? DateTimeOffset.UtcNow);
        afterSigning?.Invoke(request);
        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> SendUnsignedAsync(HttpRequestMessage request) => Http.SendAsync(request);

    /// <summary>Replaces the Authorization header with a rewritten version of itself.</summary>
    public static void RewriteAuthorization(HttpRequestMessage request, Func<string, string> rewrite)
    {
        var authorization = request.Headers.NonValidated["Authorization"].ToString();
        request.Headers.Remove("Authorization");
        Assert.True(request.Headers.TryAddWithoutValidation("Authorization", rewrite(authorization)));
    }

    public void Dispose() => Http.Dispose();
}

/// <summary>A Neptune error as the emulator sends it.</summary>
internal sealed record ErrorBody(string RequestId, string Code, string DetailedMessage)
{
    /// <summary>Reads the error body and checks the request id matches the <c>x-amzn-RequestId</c> header.</summary>
    public static async Task<ErrorBody> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        Assert.Equal(3, root.EnumerateObject().Count());
        var error = new ErrorBody(
            root.GetProperty("requestId").GetString()!,
            root.GetProperty("code").GetString()!,
            root.GetProperty("detailedMessage").GetString()!);
        Assert.True(response.Headers.TryGetValues(NeptuneEmulator.RequestIdHeader, out var ids));
        Assert.Equal(error.RequestId, Assert.Single(ids));
        Assert.True(Guid.TryParse(error.RequestId, out _));
        return error;
    }

    public static async Task<ErrorBody> AssertAsync(HttpResponseMessage response, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        var error = await ReadAsync(response);
        Assert.Equal(code, error.Code);
        return error;
    }
}

internal static class Json
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}

/// <summary>A clock stopped at one instant.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
