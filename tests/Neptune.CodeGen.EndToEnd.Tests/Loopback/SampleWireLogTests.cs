using System;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using Neptune.CodeGen.EndToEnd.Tests.Support;
using Neptune.Data;
using Neptune.Emulator;
using QuickStart;
using Xunit;

namespace Neptune.CodeGen.EndToEnd.Tests.Loopback;

/// <summary>The QuickStart sample's wire log: shows the signed request, never a secret.</summary>
public sealed class SampleWireLogTests
{
    [Fact]
    public async Task WireLog_ShowsMethodPathQueryAndSignedHeaders_ButNoSecretTokenOrSignature()
    {
        const string SessionToken = "sample-session-token-value";
        await using var session = await EmulatorSession.StartAsync(new NeptuneEmulatorOptions { SessionToken = SessionToken });
        session.Emulator.AddTrainingJob("job-1");
        var log = new StringWriter();
        using var httpClient = new HttpClient(new WireLogHandler(log, new SocketsHttpHandler { AllowAutoRedirect = false }));
        using var client = new NeptuneDataClient(
            new NeptuneDataClientOptions { Endpoint = session.Emulator.Endpoint, Region = "us-east-1", Credentials = session.Credentials },
            httpClient);

        await client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1", Clean = true });

        var output = log.ToString();
        var request = session.SingleRequest();
        SigV4Header.AssertAccepted(request);
        Assert.Contains("--> DELETE ", output);
        Assert.Contains("path:  /ml/modeltraining/job-1", output);
        Assert.Contains("query: clean=true", output);
        Assert.Contains($"Host: 127.0.0.1:{session.Emulator.Endpoint.Port}", output);
        Assert.Contains($"X-Amz-Date: {request.GetHeader("X-Amz-Date")}", output);
        Assert.Contains($"x-amz-content-sha256: {request.GetHeader("x-amz-content-sha256")}", output);
        Assert.Contains("X-Amz-Security-Token: ***", output);
        Assert.Contains($"Credential={SigV4Header.Credential(request)}", output);
        Assert.Contains("Signature=<elided>", output);
        Assert.Contains("<-- 200 OK", output);

        Assert.DoesNotContain(session.Emulator.Options.SecretAccessKey, output);
        Assert.DoesNotContain(SessionToken, output);
        var signature = request.GetHeader("Authorization")![(request.GetHeader("Authorization")!.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length)..];
        Assert.Equal(64, signature.Length);
        Assert.DoesNotContain(signature, output);
    }
}
