using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Wire.Tests.Support;
using Neptune.Data;
using Xunit;

namespace Neptune.CodeGen.Wire.Tests.Operations;

/// <summary>
/// One row per operation of the Smithy model: the generated client, given a request with every member set, sends the
/// method, path, query, headers and JSON body keys that the model's HTTP traits prescribe. Expectations are read from the
/// model at test time; the generated code is only driven through its public surface.
/// </summary>
public sealed class OperationWireTests
{
    private static readonly SmithyModel Model = SmithyModel.Neptune;

    public static TheoryData<string> Operations()
    {
        var data = new TheoryData<string>();
        foreach (var operation in Model.Operations)
        {
            data.Add(operation.Name);
        }

        return data;
    }

    public static TheoryData<string> OperationsWithRequiredMembers()
    {
        var data = new TheoryData<string>();
        foreach (var operation in Model.Operations.Where(operation => operation.Input.Any(member => member.Required)))
        {
            data.Add(operation.Name);
        }

        return data;
    }

    [Fact]
    public void The_client_has_one_method_per_model_operation()
    {
        var modelOperations = Model.Operations.Select(operation => operation.Name).ToList();
        var clientOperations = typeof(INeptuneDataClient).GetMethods()
            .Where(method => method.Name.EndsWith("Async", StringComparison.Ordinal))
            .Select(method => method.Name[..^"Async".Length])
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(43, modelOperations.Count);
        Assert.Equal(modelOperations, clientOperations);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Request_is_put_on_the_wire_as_the_model_says(string operationName)
    {
        var operation = Model.Operation(operationName);
        var (captured, samples) = await SendAsync(operation, requiredOnly: false);

        Assert.Equal(new HttpMethod(operation.Method), captured.Method);
        AssertPath(operation, captured);
        AssertQuery(samples, captured);
        AssertHeaders(operation, samples, captured);
        AssertBody(operation, samples, captured);
    }

    [Theory]
    [MemberData(nameof(OperationsWithRequiredMembers))]
    public async Task Request_with_only_its_required_members_sends_nothing_else(string operationName)
    {
        // Unset optional members must not travel at all: no empty query parameter, no header, no JSON null.
        var operation = Model.Operation(operationName);
        var (captured, samples) = await SendAsync(operation, requiredOnly: true);

        Assert.All(samples, sample => Assert.True(sample.Member.Required));
        Assert.Equal(new HttpMethod(operation.Method), captured.Method);
        AssertPath(operation, captured);
        AssertQuery(samples, captured);
        AssertHeaders(operation, samples, captured);
        AssertBody(operation, samples, captured);
    }

    [Fact]
    public void Every_binding_kind_of_the_model_is_covered_by_some_row()
    {
        // Guards the data: if the model had no label, query, header or JSON body member, a row could pass vacuously.
        var bindings = Model.Operations.SelectMany(operation => operation.Input).Select(member => member.Binding).ToHashSet();
        Assert.Contains(Binding.Label, bindings);
        Assert.Contains(Binding.Query, bindings);
        Assert.Contains(Binding.Header, bindings);
        Assert.Contains(Binding.Body, bindings);
        Assert.Contains(Model.Operations.SelectMany(operation => operation.Input), member => member.WireName != member.Name && member.Binding == Binding.Body);
    }

    private static async Task<(CapturedRequest Captured, IReadOnlyList<SampleValue> Samples)> SendAsync(SmithyOperation operation, bool requiredOnly)
    {
        var method = typeof(NeptuneDataClient).GetMethod(operation.Name + "Async", BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"NeptuneDataClient has no {operation.Name}Async: is the spec missing?");
        var requestType = method.GetParameters()[0].ParameterType;
        var (request, samples) = new SampleRequests(Model).Build(operation, requestType, requiredOnly);

        var handler = new CapturingHandler("{}");
        using var client = WireClient.Create(handler);
        await (Task)method.Invoke(client, [request, CancellationToken.None])!;
        return (handler.Single, samples);
    }

    private static void AssertPath(SmithyOperation operation, CapturedRequest captured)
    {
        var expected = operation.Uri;
        foreach (var label in operation.Input.Where(member => member.Binding == Binding.Label))
        {
            expected = expected.Replace("{" + label.Name + "}", Uri.EscapeDataString(SampleRequests.HostileLabel), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("{", expected, StringComparison.Ordinal);
        Assert.Equal(expected, captured.Uri.AbsolutePath);
        Assert.Equal(operation.Uri.Count(c => c == '/'), captured.Uri.AbsolutePath.Count(c => c == '/'));
    }

    private static void AssertQuery(IReadOnlyList<SampleValue> samples, CapturedRequest captured)
    {
        var expected = samples
            .Where(sample => sample.Member.Binding == Binding.Query)
            .SelectMany(sample => sample.Texts.Select(text => $"{sample.Member.WireName}={text}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var actual = captured.Query.Select(pair => $"{pair.Key}={pair.Value}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
    }

    private static void AssertHeaders(SmithyOperation operation, IReadOnlyList<SampleValue> samples, CapturedRequest captured)
    {
        foreach (var sample in samples.Where(sample => sample.Member.Binding == Binding.Header))
        {
            Assert.True(captured.Headers.TryGetValue(sample.Member.WireName, out var value),
                $"{operation.Name}: header '{sample.Member.WireName}' (member {sample.Member.Name}) was not sent.");
            Assert.Equal(string.Join(",", sample.Texts), value);
        }
    }

    private static void AssertBody(SmithyOperation operation, IReadOnlyList<SampleValue> samples, CapturedRequest captured)
    {
        var bodySamples = samples.Where(sample => sample.Member.Binding == Binding.Body).ToList();
        if (bodySamples.Count == 0)
        {
            Assert.True(captured.Body is null || captured.Body.Length == 0,
                $"{operation.Name} has no body members, but sent: {captured.BodyText}");
            return;
        }

        Assert.Equal("application/json", captured.ContentType);
        var body = Assert.IsType<JsonObject>(JsonNode.Parse(captured.BodyText));
        Assert.Equal(
            bodySamples.Select(sample => sample.Member.WireName).Order(StringComparer.Ordinal),
            body.Select(property => property.Key).Order(StringComparer.Ordinal));
        foreach (var sample in bodySamples)
        {
            Assert.True(JsonNode.DeepEquals(sample.Json, body[sample.Member.WireName]),
                $"{operation.Name}: JSON key '{sample.Member.WireName}' is {body[sample.Member.WireName]?.ToJsonString()}, expected {sample.Json?.ToJsonString()}.");
        }
    }
}
