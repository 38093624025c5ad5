using System.Text.Json;
using System.Threading.Tasks;
using Neptune.CodeGen.Wire.Tests.Support;
using Neptune.Data;
using Xunit;

namespace Neptune.CodeGen.Wire.Tests.DocExamples;

/// <summary>GetEngineStatus read from the <c>/status</c> result printed on the lab-mode page.</summary>
public sealed class EngineStatusTests
{
    [Fact]
    public async Task Instance_status_reads_versions_lab_mode_features_and_settings()
    {
        var handler = new CapturingHandler(WireClient.DocExample("engine-status.json"));
        using var client = WireClient.Create(handler);

        var response = await client.GetEngineStatusAsync(new GetEngineStatusRequest());

        Assert.Equal("/status", handler.Single.Uri.PathAndQuery);
        Assert.Equal("healthy", response.Status);
        Assert.Equal("Wed Dec 29 02:29:24 UTC 2021", response.StartTime);
        Assert.Equal("development", response.DbEngineVersion);
        Assert.Equal("writer", response.Role);
        Assert.Equal("viaQueryHint", response.DfeQueryEngine);
        Assert.Equal("tinkerpop-3.5.2", response.Gremlin!.Version);
        Assert.Equal("sparql-1.1", response.Sparql!.Version);
        Assert.Equal("Neptune-9.0.20190305-1.0", response.Opencypher!.Version);
        Assert.Equal(2, response.LabMode!.Count);
        Assert.Equal("disabled", response.LabMode["ObjectIndex"]);
        Assert.Equal("enabled", response.LabMode["ReadWriteConflictDetection"]);
        Assert.Equal(5, response.Features!.Count);
        Assert.Equal("Available", response.Features["LookupCache"].GetProperty("status").GetString());
        Assert.Equal("disabled", response.Features["ResultCache"].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, response.Features["IAMAuthentication"].ValueKind);
        Assert.Equal("disabled", response.Features["AuditLog"].GetString());
        Assert.Single(response.Settings!);
        Assert.Equal("120000", response.Settings!["clusterQueryTimeoutInMs"]);
        Assert.Null(response.RollingBackTrxCount);
        Assert.Null(response.RollingBackTrxEarliestStartTime);
    }
}
