using System;
using System.Net;
using System.Threading.Tasks;
using Neptune.Data;
using Neptune.Emulator;
using Xunit;
using ResetAction = Neptune.Data.Action;

namespace Neptune.CodeGen.EndToEnd.Tests.Operations;

/// <summary>The 10 engine operations through the generated client: status, statistics, summaries and the two-step fast reset.</summary>
public sealed class EngineOperationsTests
{
    [Fact]
    public async Task EngineStatus_ReportsTheEngine()
    {
        await using var env = await ClockedEmulator.StartAsync();
        env.Emulator.Engine.DbEngineVersion = "1.4.6.0.R1";

        var status = await env.Client.GetEngineStatusAsync(new GetEngineStatusRequest());

        Assert.Equal("healthy", status.Status);
        Assert.Equal("1.4.6.0.R1", status.DbEngineVersion);
        Assert.Equal("writer", status.Role);
        Assert.False(string.IsNullOrEmpty(status.StartTime));
        Assert.False(string.IsNullOrEmpty(status.Gremlin!.Version));
        Assert.False(string.IsNullOrEmpty(status.Sparql!.Version));
        Assert.False(string.IsNullOrEmpty(status.Opencypher!.Version));
        Assert.NotEmpty(status.LabMode!);

        env.ThrottleNextRequest();
        await env.ThrowsAsync<TooManyRequestsException>(
            () => env.Client.GetEngineStatusAsync(new GetEngineStatusRequest()), "TooManyRequestsException", (HttpStatusCode)429);
    }

    [Fact]
    public async Task PropertyGraphStatistics_AreRefreshedSwitchedDeletedAndRecomputed()
    {
        await using var env = await ClockedEmulator.StartAsync();
        var client = env.Client;
        var statistics = env.Emulator.PropertyGraphStatistics;

        var current = await client.GetPropertygraphStatisticsAsync(new GetPropertygraphStatisticsRequest());
        Assert.Equal("200 OK", current.Status);
        Assert.True(current.Payload!.Active);
        Assert.True(current.Payload.AutoCompute);
        Assert.Equal(statistics.StatisticsId, current.Payload.StatisticsId);
        Assert.Equal(statistics.ComputedAt, current.Payload.Date);
        Assert.Equal(statistics.GraphSummary["numNodes"]!.GetValue<int>(), current.Payload.SignatureInfo!.InstanceCount);

        env.Advance(TimeSpan.FromMinutes(1));
        var refreshed = await client.ManagePropertygraphStatisticsAsync(new ManagePropertygraphStatisticsRequest { Mode = StatisticsAutoGenerationMode.Refresh });
        Assert.Equal("200 OK", refreshed.Status);
        Assert.Equal(statistics.StatisticsId, refreshed.Payload!.StatisticsId);
        Assert.NotEqual(current.Payload.StatisticsId, refreshed.Payload.StatisticsId);
        var disabled = await client.ManagePropertygraphStatisticsAsync(new ManagePropertygraphStatisticsRequest { Mode = StatisticsAutoGenerationMode.DisableAutocompute });
        Assert.Null(disabled.Payload);
        Assert.Contains("\"mode\":\"disableAutoCompute\"", env.Emulator.ReceivedRequests[^1].Body);
        Assert.False((await client.GetPropertygraphStatisticsAsync(new GetPropertygraphStatisticsRequest())).Payload!.AutoCompute);

        var deleted = await client.DeletePropertygraphStatisticsAsync(new DeletePropertygraphStatisticsRequest());
        Assert.Equal(200, deleted.StatusCode);
        Assert.False(deleted.Payload!.Active);
        Assert.Equal("-1", deleted.Payload.StatisticsId);
        await env.ThrowsAsync<StatisticsNotAvailableException>(
            () => client.GetPropertygraphStatisticsAsync(new GetPropertygraphStatisticsRequest()), "StatisticsNotAvailableException", HttpStatusCode.BadRequest);
        await env.ThrowsAsync<StatisticsNotAvailableException>(
            () => client.GetPropertygraphSummaryAsync(new GetPropertygraphSummaryRequest()), "StatisticsNotAvailableException", HttpStatusCode.BadRequest);

        await client.ManagePropertygraphStatisticsAsync(new ManagePropertygraphStatisticsRequest { Mode = StatisticsAutoGenerationMode.Refresh });
        Assert.True((await client.GetPropertygraphStatisticsAsync(new GetPropertygraphStatisticsRequest())).Payload!.Active);
    }

    [Fact]
    public async Task SparqlStatistics_AreRefreshedDeletedAndRecomputed()
    {
        await using var env = await ClockedEmulator.StartAsync();
        var client = env.Client;

        var current = await client.GetSparqlStatisticsAsync(new GetSparqlStatisticsRequest());
        Assert.Equal(env.Emulator.RdfStatistics.StatisticsId, current.Payload!.StatisticsId);
        Assert.Equal(env.Emulator.RdfStatistics.GraphSummary["numDistinctSubjects"]!.GetValue<int>(), current.Payload.SignatureInfo!.InstanceCount);
        var refreshed = await client.ManageSparqlStatisticsAsync(new ManageSparqlStatisticsRequest { Mode = StatisticsAutoGenerationMode.Refresh });
        Assert.Equal(env.Emulator.RdfStatistics.StatisticsId, refreshed.Payload!.StatisticsId);
        await client.ManageSparqlStatisticsAsync(new ManageSparqlStatisticsRequest { Mode = StatisticsAutoGenerationMode.EnableAutocompute });
        Assert.True(env.Emulator.RdfStatistics.AutoCompute);

        var deleted = await client.DeleteSparqlStatisticsAsync(new DeleteSparqlStatisticsRequest());
        Assert.Equal("200 OK", deleted.Status);
        Assert.Equal("-1", deleted.Payload!.StatisticsId);
        Assert.False(env.Emulator.RdfStatistics.Available);
        await env.ThrowsAsync<StatisticsNotAvailableException>(
            () => client.GetSparqlStatisticsAsync(new GetSparqlStatisticsRequest()), "StatisticsNotAvailableException", HttpStatusCode.BadRequest);
        await env.ThrowsAsync<StatisticsNotAvailableException>(
            () => client.GetRDFGraphSummaryAsync(new GetRDFGraphSummaryRequest()), "StatisticsNotAvailableException", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task OnAReader_StatisticsChangesAndFastReset_ThrowReadOnlyViolationException()
    {
        await using var env = await ClockedEmulator.StartAsync();
        var client = env.Client;
        env.Emulator.Engine.Role = "reader";
        Func<Task>[] calls =
        [
            () => client.ManagePropertygraphStatisticsAsync(new ManagePropertygraphStatisticsRequest { Mode = StatisticsAutoGenerationMode.Refresh }),
            () => client.ManageSparqlStatisticsAsync(new ManageSparqlStatisticsRequest { Mode = StatisticsAutoGenerationMode.Refresh }),
            () => client.DeletePropertygraphStatisticsAsync(new DeletePropertygraphStatisticsRequest()),
            () => client.DeleteSparqlStatisticsAsync(new DeleteSparqlStatisticsRequest()),
            () => client.ExecuteFastResetAsync(new ExecuteFastResetRequest { Action = ResetAction.InitializeReset }),
        ];

        foreach (var call in calls)
        {
            await env.ThrowsAsync<ReadOnlyViolationException>(call, "ReadOnlyViolationException", HttpStatusCode.BadRequest);
        }

        Assert.Equal("reader", (await client.GetEngineStatusAsync(new GetEngineStatusRequest())).Role);
        Assert.True(env.Emulator.PropertyGraphStatistics.Available);
    }

    [Fact]
    public async Task GraphSummaries_BasicLeavesOutTheStructures_DetailedHasThem()
    {
        await using var env = await ClockedEmulator.StartAsync();
        var client = env.Client;
        long expectedNodes = env.Emulator.PropertyGraphStatistics.GraphSummary["numNodes"]!.GetValue<int>();

        var basic = await client.GetPropertygraphSummaryAsync(new GetPropertygraphSummaryRequest { Mode = GraphSummaryType.Basic });
        var detailed = await client.GetPropertygraphSummaryAsync(new GetPropertygraphSummaryRequest { Mode = GraphSummaryType.Detailed });
        var rdf = await client.GetRDFGraphSummaryAsync(new GetRDFGraphSummaryRequest { Mode = GraphSummaryType.Detailed });

        Assert.Equal(200, basic.StatusCode);
        Assert.Equal(expectedNodes, basic.Payload!.GraphSummary!.NumNodes);
        Assert.Null(basic.Payload.GraphSummary.NodeStructures);
        Assert.NotEmpty(detailed.Payload!.GraphSummary!.NodeStructures!);
        Assert.NotEmpty(detailed.Payload.GraphSummary.NodeLabels!);
        Assert.Equal(env.Emulator.PropertyGraphStatistics.ComputedAt, detailed.Payload.LastStatisticsComputationTime);
        Assert.Equal((long)env.Emulator.RdfStatistics.GraphSummary["numQuads"]!.GetValue<int>(), rdf.Payload!.GraphSummary!.NumQuads);
        Assert.NotEmpty(rdf.Payload.GraphSummary.SubjectStructures!);
        Assert.Contains("mode=detailed", env.Emulator.ReceivedRequests[^1].RawQuery);
    }

    [Fact]
    public async Task FastReset_TakesTwoSteps_ClearsTheData_AndATokenWorksOnce()
    {
        await using var env = await ClockedEmulator.StartAsync();
        var client = env.Client;
        env.Emulator.Streams.Append(PropertyGraphChange.AddVertex("v1", "person"));
        await client.StartLoaderJobAsync(new StartLoaderJobRequest
        {
            Source = "s3://bucket/data.csv",
            Format = Format.Csv,
            S3BucketRegion = S3BucketRegion.UsEast1,
            IamRoleArn = "arn:aws:iam::123456789012:role/NeptuneLoadFromS3",
        });

        var initiated = await client.ExecuteFastResetAsync(new ExecuteFastResetRequest { Action = ResetAction.InitializeReset });
        Assert.Equal("200 OK", initiated.Status);
        var token = initiated.Payload!.Token!;
        Assert.False(string.IsNullOrEmpty(token));
        Assert.Equal(0, env.Emulator.Engine.ResetCount);
        Assert.Single(env.Emulator.Loader.Jobs);

        var performed = await client.ExecuteFastResetAsync(new ExecuteFastResetRequest { Action = ResetAction.PerformReset, Token = token });

        Assert.Equal("200 OK", performed.Status);
        Assert.Contains("\"action\":\"performDatabaseReset\"", env.Emulator.ReceivedRequests[^1].Body);
        Assert.Equal(1, env.Emulator.Engine.ResetCount);
        Assert.Empty(env.Emulator.Loader.Jobs);
        Assert.Empty(env.Emulator.Streams.Snapshot(sparql: false));
        await env.ThrowsAsync<StatisticsNotAvailableException>(
            () => client.GetPropertygraphStatisticsAsync(new GetPropertygraphStatisticsRequest()), "StatisticsNotAvailableException", HttpStatusCode.BadRequest);
        await env.ThrowsAsync<InvalidParameterException>(
            () => client.ExecuteFastResetAsync(new ExecuteFastResetRequest { Action = ResetAction.PerformReset, Token = token }),
            "InvalidParameterException", HttpStatusCode.BadRequest);
        await env.ThrowsAsync<MissingParameterException>(
            () => client.ExecuteFastResetAsync(new ExecuteFastResetRequest { Action = ResetAction.PerformReset }),
            "MissingParameterException", HttpStatusCode.BadRequest);

        var expiring = (await client.ExecuteFastResetAsync(new ExecuteFastResetRequest { Action = ResetAction.InitializeReset })).Payload!.Token!;
        env.Advance(TimeSpan.FromMinutes(61));
        // The client signs with the same clock, so the emulator's skew check still passes an hour later.
        await env.ThrowsAsync<InvalidParameterException>(
            () => client.ExecuteFastResetAsync(new ExecuteFastResetRequest { Action = ResetAction.PerformReset, Token = expiring }),
            "InvalidParameterException", HttpStatusCode.BadRequest);
        Assert.Equal(1, env.Emulator.Engine.ResetCount);
    }
}
