using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Neptune.CodeGen.LoadTests;

/// <summary>
/// The small load run that CI does: 2,000 calls, 64 at a time, per scenario. It asserts the counts only (no call lost,
/// no signature rejected, exactly one refresh per expiry, shared by every concurrent caller), never timings; the figures
/// are written to the test output.
/// </summary>
public sealed class LoadSmokeTests(ITestOutputHelper output)
{
    private static readonly LoadOptions Small = new(Calls: 2_000, Concurrency: 64, Expiries: 4);

    public static TheoryData<int> Scenarios => new() { 0, 1, 2, 3 };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task NoCallIsLost_NoSignatureIsRejected_AndExpiringCredentialsAreRefreshedOncePerExpiry(int scenarioIndex)
    {
        var scenario = LoadScenario.All[scenarioIndex];

        var figures = await LoadRunner.RunAsync(scenario, Small);

        output.WriteLine(figures.ToString());
        Assert.True(figures.Lost == 0, $"{figures.Lost} calls lost: {figures.Failures}");
        Assert.Equal(0, figures.SignaturesRejected);
        Assert.True(figures.RequestsReceived >= Small.Calls, $"{figures.RequestsReceived} requests for {Small.Calls} calls");
        if (scenario.ExpiringCredentials)
        {
            Assert.Equal(Small.Expiries, figures.Expiries);
            Assert.Equal(Small.Expiries, figures.Refreshes);
            Assert.Equal(0, figures.RefreshesNotDue);
            Assert.Equal(0, figures.OverlappingRefreshes);
            Assert.Equal(0, figures.ExpiredCredentialsUsed);
        }
        else
        {
            Assert.Null(figures.Refreshes);
        }
    }
}
