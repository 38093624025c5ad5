using System;
using System.Collections.Concurrent;
using System.Net.Http;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Http;
using Xunit;
using static Neptune.CodeGen.Runtime.Tests.Retries.RetryTestKit;

namespace Neptune.CodeGen.Runtime.Tests.Retries;

/// <summary>Building a client validates the options and resolves the region and retry settings once, not twice.</summary>
public sealed class ResolveOnceTests
{
    private sealed class TestOptions : AwsClientOptions;

    [Fact]
    public void TheEnvironmentIsReadOncePerSettingWhenAPipelineIsBuilt()
    {
        var reads = new ConcurrentDictionary<string, int>();
        var options = new TestOptions
        {
            Endpoint = UniqueEndpoint(),
            Credentials = new AwsCredentials(AccessKey, SecretKey),
            AwsEnvironment = new AwsEnvironment(name =>
            {
                reads.AddOrUpdate(name, 1, static (_, count) => count + 1);
                return name == RegionResolver.RegionVariable ? "eu-west-1" : null;
            }),
        };

        using var pipeline = new ServiceClientPipeline(Service(), options, new HttpClient());

        Assert.Equal(1, reads[RegionResolver.RegionVariable]);
        Assert.Equal(1, reads[Runtime.Retries.RetryOptions.MaxAttemptsVariable]);
        Assert.Equal(1, reads[Runtime.Retries.RetryOptions.NewRetries2026Variable]);
    }
}
