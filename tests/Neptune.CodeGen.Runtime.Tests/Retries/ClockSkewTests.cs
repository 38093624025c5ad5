using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.CodeGen.Runtime.Http;
using Neptune.CodeGen.Runtime.Retries;
using Xunit;
using static Neptune.CodeGen.Runtime.Tests.Retries.RetryTestKit;

namespace Neptune.CodeGen.Runtime.Tests.Retries;

/// <summary>Clock-skew correction: the server's Date becomes a per-endpoint offset, and the refused call is re-signed once.</summary>
public sealed class ClockSkewTests
{
    private readonly TestClock _clock = new(Start, autoAdvance: true);
    private readonly Uri _endpoint = UniqueEndpoint();

    private static HttpResponseMessage Skewed(string code, TimeSpan serverAhead, HttpStatusCode status = HttpStatusCode.Forbidden) =>
        Error(status, code, ("Date", (Start + serverAhead).ToString("r", CultureInfo.InvariantCulture)));

    private static string AmzDate(TimeSpan after) => (Start + after).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("RequestTimeTooSkewed")]
    [InlineData("RequestExpired")]
    [InlineData("RequestInTheFuture")]
    public async Task DefiniteSkewIsCorrectedFromDateAndRetriedAtOnceOutsideTheQuota(string code)
    {
        var quota = RetryQuota.ForEndpoint(_endpoint);
        Assert.True(quota.TryAcquire(500));   // an empty quota does not stop a clock-skew retry
        var handler = ScriptedHandler.Responses(() => Skewed(code, TimeSpan.FromMinutes(20)), () => Ok());
        using var pipeline = new ServiceClientPipeline(Service(), Options(_clock, _endpoint), new HttpClient(handler));

        await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);

        Assert.Equal([AmzDate(TimeSpan.Zero), AmzDate(TimeSpan.FromMinutes(20))], handler.Requests.Select(r => r.Header("X-Amz-Date")));
        Assert.NotEqual(handler.Requests[0].Header("Authorization"), handler.Requests[1].Header("Authorization"));
        Assert.Contains($"Credential={AccessKey}/20240304/", handler.Requests[1].Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("attempt=2; max=3", handler.Requests[1].Header("amz-sdk-request"));
        Assert.Empty(_clock.Waits);           // no backoff
        Assert.Equal(TimeSpan.FromMinutes(20), ClockSkew.ForEndpoint(_endpoint).Offset);
    }

    [Theory]
    [InlineData("InvalidSignatureException", 6)]
    [InlineData("AuthFailure", -6)]
    [InlineData("SignatureDoesNotMatch", 60)]
    public async Task AuthenticationErrorWithServerTimeMoreThanFiveMinutesAwayIsSkew(string code, int minutes)
    {
        var handler = ScriptedHandler.Responses(() => Skewed(code, TimeSpan.FromMinutes(minutes)), () => Ok());
        using var pipeline = new ServiceClientPipeline(Service(), Options(_clock, _endpoint), new HttpClient(handler));

        await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);

        Assert.Equal(AmzDate(TimeSpan.FromMinutes(minutes)), handler.Requests[1].Header("X-Amz-Date"));
    }

    [Fact]
    public async Task AuthenticationErrorWithServerTimeCloseToOursIsARealFailure()
    {
        var handler = ScriptedHandler.Responses(() => Skewed("InvalidSignatureException", TimeSpan.FromMinutes(4)), () => Ok());
        using var pipeline = new ServiceClientPipeline(Service(), Options(_clock, _endpoint), new HttpClient(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));

        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.Single(handler.Requests);
        Assert.Equal(TimeSpan.Zero, ClockSkew.ForEndpoint(_endpoint).Offset);
    }

    [Fact]
    public async Task WithoutADateHeaderNothingIsCorrected()
    {
        var handler = ScriptedHandler.Responses(() => Error(HttpStatusCode.Forbidden, "RequestTimeTooSkewed"), () => Ok());
        using var pipeline = new ServiceClientPipeline(Service(), Options(_clock, _endpoint), new HttpClient(handler));

        await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.Equal(TimeSpan.Zero, ClockSkew.ForEndpoint(_endpoint).Offset);
    }

    [Fact]
    public async Task SkewRetryHappensOncePerCall()
    {
        var handler = ScriptedHandler.Responses(() => Skewed("RequestTimeTooSkewed", TimeSpan.FromMinutes(20)));
        using var pipeline = new ServiceClientPipeline(Service(), Options(_clock, _endpoint), new HttpClient(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));

        Assert.Equal("RequestTimeTooSkewed", error.ErrorCode);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task OffsetIsKeptForLaterCallsByEveryClientOfTheEndpoint()
    {
        var first = ScriptedHandler.Responses(() => Skewed("RequestTimeTooSkewed", TimeSpan.FromMinutes(-30)), () => Ok());
        using (var pipeline = new ServiceClientPipeline(Service(), Options(_clock, _endpoint), new HttpClient(first)))
        {
            await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);
        }

        var second = ScriptedHandler.Responses(() => Ok());
        using (var pipeline = new ServiceClientPipeline(Service(), Options(_clock, _endpoint), new HttpClient(second)))
        {
            await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);
        }

        Assert.Equal(AmzDate(TimeSpan.FromMinutes(-30)), Assert.Single(second.Requests).Header("X-Amz-Date"));
    }

    [Fact]
    public async Task WithMaxAttemptsOneTheOffsetIsLearntButNotRetried()
    {
        var handler = ScriptedHandler.Responses(() => Skewed("RequestTimeTooSkewed", TimeSpan.FromMinutes(20)), () => Ok());
        var options = Options(_clock, _endpoint);
        options.Retry.MaxAttempts = 1;
        using var pipeline = new ServiceClientPipeline(Service(), options, new HttpClient(handler));

        await Assert.ThrowsAsync<AwsServiceException>(() => pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None));
        await pipeline.SendAsync(Operation(), ReadBody, CancellationToken.None);

        Assert.Equal(AmzDate(TimeSpan.FromMinutes(20)), handler.Requests[1].Header("X-Amz-Date"));
    }
}
