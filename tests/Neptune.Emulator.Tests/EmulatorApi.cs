using System;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Signing;
using Xunit;

namespace Neptune.Emulator.Tests;

/// <summary>
/// An emulator on a fake clock and a raw <see cref="HttpClient"/> that signs through the runtime's public
/// <see cref="SigV4SigningHandler"/> with the same clock, so tests can move time without breaking the skew check.
/// </summary>
internal sealed class EmulatorApi : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private EmulatorApi(NeptuneEmulator emulator, FakeTimeProvider clock)
    {
        Emulator = emulator;
        Clock = clock;
        var options = emulator.Options;
        var signing = new SigV4SigningHandler(new SigV4Signer(options.SigningName, options.Region),
            new AwsCredentials(options.AccessKeyId, options.SecretAccessKey, options.SessionToken), clock)
        {
            InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false },
        };
        Http = new HttpClient(signing) { BaseAddress = emulator.Endpoint };
    }

    public NeptuneEmulator Emulator { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Http { get; }

    public static async Task<EmulatorApi> StartAsync(Func<NeptuneEmulatorOptions, NeptuneEmulatorOptions>? configure = null)
    {
        var clock = new FakeTimeProvider(Start);
        var options = new NeptuneEmulatorOptions { TimeProvider = clock };
        return new EmulatorApi(await NeptuneEmulator.StartAsync(configure?.Invoke(options) ?? options), clock);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<HttpResponseMessage> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public Task<HttpResponseMessage> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, json);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, path)
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        configure?.Invoke(request);
        return Http.SendAsync(request);
    }

    /// <summary>Sends and reads a 200 JSON answer.</summary>
    public async Task<JsonElement> OkAsync(HttpMethod method, string path, string? json = null)
    {
        using var response = await SendAsync(method, path, json);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await Json.ReadAsync(response);
    }

    /// <summary>Sends and checks a Neptune error answer.</summary>
    public async Task<ErrorBody> ErrorAsync(HttpMethod method, string path, int status, string code, string? json = null)
    {
        using var response = await SendAsync(method, path, json);
        return await ErrorBody.AssertAsync(response, status, code);
    }

    /// <summary>Waits (real time, generous ceiling) until a condition holds; used only to observe a request in flight.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 3000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "The condition did not hold within 30 s.");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}
