using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Reflection;
using Utf8 = System.Text.Encoding;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Wire.Tests.Support;
using Neptune.Data;
using Xunit;

namespace Neptune.CodeGen.Wire.Tests.Operations;

/// <summary>
/// One row per operation of the Smithy model: a response holding every output member (a distinct value each, under the
/// member's <c>jsonName</c>, nested shapes filled too) is read by the generated client into the properties the model
/// names, and nothing is lost or read into the wrong member. The response code and raw payload bindings are checked too.
/// </summary>
public sealed class OperationResponseTests
{
    private const string Timestamp = "2024-01-02T03:04:05.678Z";
    private static readonly SmithyModel Model = SmithyModel.Neptune;

    public static TheoryData<string> Operations() => OperationWireTests.Operations();

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Response_is_read_as_the_model_says(string operationName)
    {
        var operation = Model.Operation(operationName);
        var method = typeof(NeptuneDataClient).GetMethod(operation.Name + "Async", BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"NeptuneDataClient has no {operation.Name}Async: is the spec missing?");
        var (request, _) = new SampleRequests(Model).Build(operation, method.GetParameters()[0].ParameterType);

        var payload = operation.Output.SingleOrDefault(member => member.Binding == Binding.Payload);
        var bodyMembers = operation.Output.Where(member => member.Binding == Binding.Body).ToList();
        var expectedBody = new JsonObject();
        foreach (var member in bodyMembers)
        {
            expectedBody[member.WireName] = Sample(member.Target, member.Name);
        }

        var handler = payload is not null && Model.TypeOf(payload.Target) is "blob" or "Blob"
            ? new CapturingHandler(Utf8.UTF8.GetBytes($"{operation.Name} report\nline 2"), HttpStatusCode.OK, "text/plain")
            : new CapturingHandler(payload is null ? expectedBody.ToJsonString() : Sample(payload.Target, payload.Name)!.ToJsonString());
        using var client = WireClient.Create(handler);
        var task = (Task)method.Invoke(client, [request, CancellationToken.None])!;
        await task;
        var response = task.GetType().GetProperty("Result")!.GetValue(task)!;

        var actualBody = new JsonObject();
        foreach (var member in bodyMembers)
        {
            actualBody[member.WireName] = ToJson(SampleRequests.Property(response.GetType(), member).GetValue(response), member.Target);
        }

        Assert.True(JsonNode.DeepEquals(expectedBody, actualBody),
            $"{operation.Name}: read back {actualBody.ToJsonString()}\nexpected  {expectedBody.ToJsonString()}");

        foreach (var member in operation.Output.Where(member => member.Binding == Binding.ResponseCode))
        {
            Assert.Equal(200, SampleRequests.Property(response.GetType(), member).GetValue(response));
        }

        if (payload is not null)
        {
            var value = SampleRequests.Property(response.GetType(), payload).GetValue(response);
            if (Model.TypeOf(payload.Target) is "blob" or "Blob")
            {
                Assert.Equal($"{operation.Name} report\nline 2", Utf8.UTF8.GetString(Assert.IsType<byte[]>(value)));
            }
            else
            {
                Assert.True(JsonNode.DeepEquals(Sample(payload.Target, payload.Name), ToJson(value, payload.Target)),
                    $"{operation.Name}: payload read back as {ToJson(value, payload.Target)?.ToJsonString()}");
            }
        }
    }

    /// <summary>A distinct JSON value for a shape: strings carry their member path, so a value read into the wrong member shows.</summary>
    private static JsonNode? Sample(string target, string path) => Model.TypeOf(target) switch
    {
        "String" => JsonValue.Create(path),
        "Boolean" => JsonValue.Create(true),
        "Integer" or "integer" => JsonValue.Create(path.Length),
        "Long" or "long" => JsonValue.Create(7_000_000_000L + path.Length),
        "Timestamp" => JsonValue.Create(Timestamp),
        "Blob" or "blob" => JsonValue.Create(Convert.ToBase64String(Utf8.UTF8.GetBytes(path))),
        "Document" => new JsonObject { [path] = new JsonArray(1, "two", true, null, new JsonObject { ["nested"] = 2.5 }) },
        "list" => new JsonArray(Sample(Model.ListMember(target), path + ".0"), Sample(Model.ListMember(target), path + ".1")),
        "map" => new JsonObject
        {
            ["first key"] = Sample(Model.MapValue(target), path + ".first"),
            ["second.key"] = Sample(Model.MapValue(target), path + ".second"),
        },
        "structure" => new JsonObject(Model.Members(target).Select(member =>
            new System.Collections.Generic.KeyValuePair<string, JsonNode?>(member.WireName, Sample(member.Target, path + "." + member.Name)))),
        var other => throw new NotSupportedException($"No response sample for '{other}' ({path})."),
    };

    /// <summary>Turns what the client read back into JSON, walking the model so structure keys are the model's wire names.</summary>
    private static JsonNode? ToJson(object? value, string target) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        DateTimeOffset time => JsonValue.Create(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        IDictionary map => new JsonObject(map.Keys.Cast<string>().Select(key =>
            new System.Collections.Generic.KeyValuePair<string, JsonNode?>(key, ToJson(map[key], Model.MapValue(target))))),
        IList list => new JsonArray(list.Cast<object?>().Select(item => ToJson(item, Model.ListMember(target))).ToArray()),
        _ => new JsonObject(Model.Members(target)
            .Select(member => (member, value: SampleRequests.Property(value.GetType(), member).GetValue(value)))
            .Where(pair => pair.value is not null)
            .Select(pair => new System.Collections.Generic.KeyValuePair<string, JsonNode?>(pair.member.WireName, ToJson(pair.value, pair.member.Target)))),
    };
}
