using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Neptune.CodeGen.Tests.Infrastructure;
using Xunit;

namespace Neptune.CodeGen.Tests;

/// <summary>
/// docs/spec.schema.json describes the spec format as the binder reads it: every committed spec validates, and what the
/// binder rejects as an unknown key or a wrong value type the schema rejects too.
/// </summary>
public sealed class SpecSchemaTests
{
    private static readonly string SchemaPath = Path.Combine(RepoPaths.Root, "docs", "spec.schema.json");

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(SchemaPath)));

    public static TheoryData<string> CommittedSpecs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Specs, "*.yaml", SearchOption.AllDirectories)
                     .Concat(Directory.GetFiles(RepoPaths.Specs, "*.yml", SearchOption.AllDirectories))
                     .Concat(Directory.GetFiles(RepoPaths.TestSpecs, "*.yaml"))
                     .OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepoPaths.Root, file).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CommittedSpecs))]
    public void Every_committed_spec_is_valid_against_the_schema(string relativePath)
    {
        var results = Validate(File.ReadAllText(Path.Combine(RepoPaths.Root, relativePath)));

        Assert.True(results.IsValid, $"{relativePath} does not match docs/spec.schema.json:{Environment.NewLine}{Describe(results)}");
    }

    [Fact]
    public void The_spec_sets_are_not_empty()
    {
        var specs = ((IEnumerable<object[]>)CommittedSpecs()).Select(row => (string)row[0]).ToList();
        Assert.Contains("specs/neptunedata/service.yaml", specs);
        Assert.Contains("tests/Neptune.CodeGen.Tests/TestSpecs/PutWidget.yaml", specs);
    }

    [Theory]
    [MemberData(nameof(CommittedSpecs))]
    public void Each_test_spec_names_the_schema_for_editors_on_its_first_line(string relativePath)
    {
        if (!relativePath.StartsWith("tests/", StringComparison.Ordinal))
        {
            return;
        }

        var firstLine = File.ReadLines(Path.Combine(RepoPaths.Root, relativePath)).First();
        const string Prefix = "# yaml-language-server: $schema=";
        Assert.StartsWith(Prefix, firstLine, StringComparison.Ordinal);
        var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.Combine(RepoPaths.Root, relativePath))!, firstLine.Substring(Prefix.Length)));
        Assert.Equal(Path.GetFullPath(SchemaPath), target);
    }

    private const string Operation = "operation: Op\nhttp: { method: GET, uri: \"/x/{id}\" }\ninput:\n  id: { in: label, type: string, required: true }\n";
    private const string Service = "service: Svc\nnamespace: Acme.Svc\napiVersion: \"2024-01-01\"\nsigningName: svc\n";

    [Theory]
    [InlineData("valid operation", Operation)]
    [InlineData("valid service", Service + "errors:\n  Oops: { status: 400, retryable: true }\nshapes:\n  E: { type: enum, values: { A: a, B: { value: b, doc: B } } }\n")]
    [InlineData("readonly and idempotent", "operation: Op\nhttp: { method: GET, uri: /x, code: 204, idempotent: true, readonly: true }\n")]
    [InlineData("shorthand members and generic types", Operation + "output:\n  a: string\n  b: list<map<string, long>>\n  c: Widget\n  d: { in: status, type: integer }\n")]
    [InlineData("ranges and defaults on input", Operation + "  n: { type: integer, min: 1, max: 10, default: 5 }\n  s: { type: string, default: \"x\", max: 3 }\n")]
    [InlineData("structure members in the body", Service + "shapes:\n  S:\n    type: structure\n    members:\n      a: { in: body, type: string, required: true, min: 1 }\n")]
    public void Specs_the_binder_accepts_validate(string what, string yaml)
    {
        var results = Validate(yaml);
        Assert.True(results.IsValid, $"{what}:{Environment.NewLine}{Describe(results)}");
    }

    [Fact]
    public void Specs_that_validate_also_generate_without_diagnostics()
    {
        var service = Service + "errors:\n  Oops: { status: 400, retryable: true }\nshapes:\n  E: { type: enum, values: { A: a, B: { value: b, doc: B } } }\n" +
            "  S:\n    type: structure\n    members:\n      a: { in: body, type: string, required: true, min: 1 }\n";
        var operation = Operation + "  n: { type: integer, min: 1, max: 10, default: 5 }\n  s: { type: string, default: \"x\", max: 3 }\n" +
            "output:\n  a: string\n  b: list<map<string, long>>\n  c: S\n  d: { in: status, type: integer }\nerrors: [Oops]\n";
        Assert.True(Validate(service).IsValid);
        Assert.True(Validate(operation).IsValid);

        var run = GeneratorHarness.Run(("/repo/specs/svc/service.yaml", service), ("/repo/specs/svc/Op.yaml", operation));

        Assert.Empty(run.Diagnostics);
    }

    [Theory]
    [InlineData("unknown root key", "NCG0002", Operation + "stauts: 1\n")]
    [InlineData("unknown key under http", "NCG0002", "operation: Op\nhttp: { method: GET, uri: /x, methd: PUT }\n")]
    [InlineData("unknown member key", "NCG0002", Operation + "  n: { type: integer, requird: true }\n")]
    [InlineData("unknown service key", "NCG0002", Service + "region: us-east-1\n")]
    [InlineData("unknown error key", "NCG0002", Service + "errors:\n  Oops: { status: 400, code: x }\n")]
    [InlineData("unknown shape key", "NCG0002", Service + "shapes:\n  S: { type: structure, fields: {} }\n")]
    [InlineData("operation key in a service spec", "NCG0002", Service + "operation: Op\n")]
    [InlineData("required is not a boolean", "NCG0004", Operation + "  n: { type: integer, required: yes }\n")]
    [InlineData("status is not a number", "NCG0004", Service + "errors:\n  Oops: { status: bad }\n")]
    [InlineData("status out of range", "NCG0012", Service + "errors:\n  Oops: { status: 200 }\n")]
    [InlineData("code is text", "NCG0004", "operation: Op\nhttp: { method: GET, uri: /x, code: ok }\n")]
    [InlineData("min is text", "NCG0004", Operation + "  n: { type: integer, min: one }\n")]
    [InlineData("input is a list", "NCG0004", "operation: Op\nhttp: { method: GET, uri: /x }\ninput: [a, b]\n")]
    [InlineData("errors is a mapping", "NCG0004", "operation: Op\nhttp: { method: GET, uri: /x }\nerrors: { A: 1 }\n")]
    [InlineData("unsupported method", "NCG0005", "operation: Op\nhttp: { method: FETCH, uri: /x }\n")]
    [InlineData("uri without a slash", "NCG0015", "operation: Op\nhttp: { method: GET, uri: x }\n")]
    [InlineData("misspelled binding", "NCG0012", Operation + "  n: { type: integer, in: qurey }\n")]
    [InlineData("misspelled type", "NCG0012", Operation + "  n: { type: strng }\n")]
    [InlineData("label in output", "NCG0016", "operation: Op\nhttp: { method: GET, uri: /x }\noutput:\n  n: { in: label, type: string }\n")]
    [InlineData("status in input", "NCG0016", "operation: Op\nhttp: { method: GET, uri: /x }\ninput:\n  n: { in: status, type: integer }\n")]
    [InlineData("header in a structure", "NCG0016", Service + "shapes:\n  S:\n    type: structure\n    members:\n      h: { in: header, type: string }\n")]
    [InlineData("range on an output member", "NCG0018", "operation: Op\nhttp: { method: GET, uri: /x }\noutput:\n  n: { type: integer, max: 3 }\n")]
    [InlineData("enum without values", "NCG0003", Service + "shapes:\n  E: { type: enum }\n")]
    [InlineData("member name that is not an identifier", "NCG0011", Operation + "  my-key: string\n")]
    [InlineData("operation without http", "NCG0003", "operation: Op\n")]
    [InlineData("service without signingName", "NCG0003", "service: Svc\nnamespace: Acme.Svc\napiVersion: \"1\"\n")]
    public void Specs_the_binder_rejects_do_not_validate(string what, string expectedId, string yaml)
    {
        Assert.False(Validate(yaml).IsValid, what);

        // And the binder does reject it: schema and generator agree.
        var run = yaml.StartsWith("service:", StringComparison.Ordinal)
            ? GeneratorHarness.Run(("/repo/specs/svc/service.yaml", yaml))
            : GeneratorHarness.Run(("/repo/specs/svc/service.yaml", Service), ("/repo/specs/svc/Op.yaml", yaml));
        Assert.True(run.Diagnostics.Any(d => d.Id == expectedId), $"{what}: expected {expectedId}, got {run.DescribeDiagnostics()}");
    }

    [Fact]
    public void Every_key_of_the_schema_has_a_description_for_editors()
    {
        var schema = JsonNode.Parse(File.ReadAllText(SchemaPath))!;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema["$schema"]!.GetValue<string>());
        var definitions = schema["$defs"]!.AsObject();
        var checkedKeys = 0;
        foreach (var (path, properties) in PropertiesObjects(schema, "#"))
        {
            foreach (var (key, property) in properties)
            {
                var described = property!["description"] is not null ||
                    (property["$ref"]?.GetValue<string>() is { } reference && definitions[reference.Split('/').Last()]!["description"] is not null);
                Assert.True(described, $"{path}/properties/{key} has no description.");
                checkedKeys++;
            }
        }

        Assert.True(checkedKeys > 40, $"Only {checkedKeys} keys found.");
    }

    private static IEnumerable<(string Path, JsonObject Properties)> PropertiesObjects(JsonNode node, string path)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj)
            {
                if (key == "properties" && child is JsonObject properties)
                {
                    yield return (path, properties);
                }

                // An 'if' only tests values; its 'properties' are not keys a spec can have.
                if (child is not null && key != "if")
                {
                    foreach (var inner in PropertiesObjects(child, path + "/" + key))
                    {
                        yield return inner;
                    }
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is { } item)
                {
                    foreach (var inner in PropertiesObjects(item, $"{path}/{i}"))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }

    private static EvaluationResults Validate(string yaml)
    {
        var json = YamlToJson.Convert(yaml);
        using var document = JsonDocument.Parse(json?.ToJsonString() ?? "null");
        return Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults results) =>
        string.Join(Environment.NewLine, (results.Details ?? new List<EvaluationResults>())
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"  {d.InstanceLocation}: {e.Key}: {e.Value}")));
}
