using System.Linq;
using Neptune.CodeGen.Import.Importing;
using Neptune.CodeGen.Import.Tests.Infrastructure;
using Xunit;
using static Neptune.CodeGen.Import.Tests.Infrastructure.TestModels;

namespace Neptune.CodeGen.Import.Tests;

/// <summary>Each Smithy trait of the mapping table in docs/spec-format.md, carried over to its spec key.</summary>
public sealed class TraitTests
{
    private const string String = "\"target\": \"smithy.api#String\"";

    [Fact]
    public void Http_trait_gives_method_uri_and_success_code()
    {
        var op = ImportModel(Operation($"\"id\": {{ {String}, \"traits\": {{ \"smithy.api#httpLabel\": {{}}, \"smithy.api#required\": {{}} }} }}",
            operationTraits: "\"smithy.api#http\": { \"method\": \"DELETE\", \"uri\": \"/widgets/{id}\", \"code\": 202 }")).Operations.Single();

        Assert.Equal(("DELETE", "/widgets/{id}", 202), (op.Method, op.Uri, op.Code));
    }

    [Fact]
    public void A_missing_success_code_is_smithys_default_200()
    {
        var op = ImportModel(Operation("", operationTraits: "\"smithy.api#http\": { \"method\": \"GET\", \"uri\": \"/w\" }")).Operations.Single();

        Assert.Equal(200, op.Code);
    }

    [Theory]
    [InlineData("\"smithy.api#idempotent\": {}", true, false)]
    [InlineData("\"smithy.api#readonly\": {}", false, true)]
    [InlineData("\"smithy.api#documentation\": \"x\"", false, false)]
    public void Idempotent_and_readonly_become_http_flags(string trait, bool idempotent, bool isReadonly)
    {
        var model = Operation("", operationTraits: DefaultHttp + ", " + trait);
        var op = ImportModel(model).Operations.Single();

        Assert.Equal((idempotent, isReadonly), (op.Idempotent, op.Readonly));
        var yaml = Files(model)["Op.yaml"];
        Assert.Equal(idempotent, yaml.Contains("  idempotent: true\n", System.StringComparison.Ordinal));
        Assert.Equal(isReadonly, yaml.Contains("  readonly: true\n", System.StringComparison.Ordinal));
    }

    [Fact]
    public void HttpLabel_is_a_required_label()
    {
        var member = Input(Operation($"\"id\": {{ {String}, \"traits\": {{ \"smithy.api#httpLabel\": {{}}, \"smithy.api#required\": {{}} }} }}",
            operationTraits: "\"smithy.api#http\": { \"method\": \"GET\", \"uri\": \"/w/{id}\" }"), "id");

        Assert.Equal(("label", true, (string?)null), (member.In, member.Required, member.Name));
    }

    [Fact]
    public void HttpQuery_is_a_query_member_named_only_when_the_parameter_name_differs()
    {
        var model = Operation(
            $"\"maxItems\": {{ \"target\": \"smithy.api#Integer\", \"traits\": {{ \"smithy.api#httpQuery\": \"max-items\" }} }}, " +
            $"\"clean\": {{ \"target\": \"smithy.api#Boolean\", \"traits\": {{ \"smithy.api#httpQuery\": \"clean\" }} }}");

        Assert.Equal(("query", "max-items", "integer"), (Input(model, "maxItems").In, Input(model, "maxItems").Name, Input(model, "maxItems").Type));
        Assert.Equal(("query", (string?)null, "boolean"), (Input(model, "clean").In, Input(model, "clean").Name, Input(model, "clean").Type));
    }

    [Fact]
    public void HttpHeader_is_a_header_with_its_wire_name()
    {
        var member = Input(Operation($"\"serializer\": {{ {String}, \"traits\": {{ \"smithy.api#httpHeader\": \"accept\" }} }}"), "serializer");

        Assert.Equal(("header", "accept"), (member.In, member.Name));
    }

    [Fact]
    public void HttpResponseCode_is_the_status_member()
    {
        var member = Output(Operation("", "\"statusCode\": { \"target\": \"smithy.api#Integer\", \"traits\": { \"smithy.api#httpResponseCode\": {} } }"), "statusCode");

        Assert.Equal(("status", "integer"), (member.In, member.Type));
    }

    [Fact]
    public void HttpPayload_with_a_media_type_keeps_it_as_content_type()
    {
        var model = Operation("", "\"output\": { \"target\": \"ex#ReportAsText\", \"traits\": { \"smithy.api#httpPayload\": {} } }",
            moreShapes: "\"ex#ReportAsText\": { \"type\": \"blob\", \"traits\": { \"smithy.api#mediaType\": \"text/plain\" } }");

        var member = Output(model, "output");

        Assert.Equal(("payload", "blob", "text/plain"), (member.In, member.Type, member.ContentType));
    }

    [Fact]
    public void JsonName_is_the_wire_name_and_may_contain_dots()
    {
        var model = Operation($"\"results\": {{ \"target\": \"smithy.api#Boolean\", \"traits\": {{ \"smithy.api#jsonName\": \"profile.results\" }} }}");

        Assert.Equal("profile.results", Input(model, "results").Name);
        Assert.Contains("results: { name: profile.results, type: boolean }", Files(model)["Op.yaml"], System.StringComparison.Ordinal);
    }

    [Fact]
    public void Required_and_default_are_carried_over()
    {
        var model = Operation(
            $"\"format\": {{ {String}, \"traits\": {{ \"smithy.api#required\": {{}} }} }}, " +
            $"\"mode\": {{ {String}, \"traits\": {{ \"smithy.api#default\": \"basic\" }} }}, " +
            "\"count\": { \"target\": \"smithy.api#Integer\", \"traits\": { \"smithy.api#default\": 10 } }, " +
            "\"flag\": { \"target\": \"smithy.api#Boolean\", \"traits\": { \"smithy.api#default\": false } }, " +
            "\"zero\": { \"target\": \"smithy.api#PrimitiveLong\" }");

        Assert.True(Input(model, "format").Required);
        Assert.False(Input(model, "mode").Required);
        Assert.Equal(new[] { "basic", "10", "false", "0" }, new[] { "mode", "count", "flag", "zero" }.Select(k => Input(model, k).Default));
        var yaml = Files(model)["Op.yaml"];
        Assert.Contains("count: { type: integer, default: 10 }", yaml, System.StringComparison.Ordinal);
        Assert.Contains("flag: { type: boolean, default: false }", yaml, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_default_that_looks_like_a_number_is_quoted()
    {
        var model = Operation($"\"version\": {{ {String}, \"traits\": {{ \"smithy.api#default\": \"10\" }} }}");

        Assert.Contains("version:\n    type: string\n    default: \"10\"\n", Files(model)["Op.yaml"], System.StringComparison.Ordinal);
    }

    [Fact]
    public void Range_and_length_become_min_and_max_from_the_member_or_its_target()
    {
        var model = Operation(
            "\"limit\": { \"target\": \"smithy.api#Long\", \"traits\": { \"smithy.api#range\": { \"min\": 1, \"max\": 100000 } } }, " +
            "\"maxItems\": { \"target\": \"ex#PositiveInteger\", \"traits\": { \"smithy.api#range\": { \"max\": 1024 } } }, " +
            "\"page\": { \"target\": \"ex#PositiveInteger\" }, " +
            $"\"name\": {{ {String}, \"traits\": {{ \"smithy.api#length\": {{ \"min\": 1, \"max\": 64 }} }} }}",
            moreShapes: "\"ex#PositiveInteger\": { \"type\": \"integer\", \"traits\": { \"smithy.api#range\": { \"min\": 1 } } }");

        Assert.Equal(("1", "100000"), (Input(model, "limit").Min, Input(model, "limit").Max));
        Assert.Equal(("1", "1024"), (Input(model, "maxItems").Min, Input(model, "maxItems").Max));
        Assert.Equal(("1", (string?)null), (Input(model, "page").Min, Input(model, "page").Max));
        Assert.Equal(("integer", "string"), (Input(model, "page").Type, Input(model, "name").Type));
        Assert.Equal(("1", "64"), (Input(model, "name").Min, Input(model, "name").Max));
    }

    [Fact]
    public void Ranges_on_output_members_are_left_out_because_responses_are_not_checked()
    {
        // The generator reports min/max on an output member as NCG0018 (no effect), so writing them would break the build.
        var model = Operation("",
            "\"count\": { \"target\": \"smithy.api#Long\", \"traits\": { \"smithy.api#range\": { \"min\": 1, \"max\": 10 } } }, " +
            "\"page\": { \"target\": \"ex#PositiveInteger\" }",
            moreShapes: "\"ex#PositiveInteger\": { \"type\": \"integer\", \"traits\": { \"smithy.api#range\": { \"min\": 1 } } }");

        Assert.Equal(((string?)null, (string?)null), (Output(model, "count").Min, Output(model, "count").Max));
        Assert.Null(Output(model, "page").Min);
        Assert.DoesNotContain("min:", Files(model)["Op.yaml"], System.StringComparison.Ordinal);
    }

    [Fact]
    public void TimestampFormat_comes_from_the_member_or_the_target_shape()
    {
        var model = Operation("",
            "\"date\": { \"target\": \"smithy.api#Timestamp\", \"traits\": { \"smithy.api#timestampFormat\": \"date-time\" } }, " +
            "\"when\": { \"target\": \"ex#HttpDate\" }, \"plain\": { \"target\": \"smithy.api#Timestamp\" }",
            moreShapes: "\"ex#HttpDate\": { \"type\": \"timestamp\", \"traits\": { \"smithy.api#timestampFormat\": \"http-date\" } }");

        Assert.Equal(new[] { "date-time", "http-date", null }, new[] { "date", "when", "plain" }.Select(k => Output(model, k).TimestampFormat));
    }

    [Fact]
    public void Documentation_of_the_service_operation_members_and_shapes_is_plain_text()
    {
        var model = Operation($"\"id\": {{ {String}, \"traits\": {{ \"smithy.api#documentation\": \"<p>The <code>id</code>.</p>\" }} }}",
            operationTraits: DefaultHttp + ", \"smithy.api#documentation\": \"<p>Does <b>it</b>.</p>\"");
        var result = ImportModel(model);

        Assert.Equal("Does it.", result.Operations.Single().Doc);
        Assert.Equal("The id.", result.Operations.Single().Input.Single().Doc);
    }

    [Fact]
    public void Errors_get_their_status_and_retryable_flag_and_operations_list_them_sorted()
    {
        var model = Model("""
            "ex#Op": { "type": "operation", "errors": [{ "target": "ex#TooManyRequestsException" }, { "target": "ex#BadRequestException" }, { "target": "ex#InternalFailureException" }],
                       "traits": { "smithy.api#http": { "method": "GET", "uri": "/" } } },
            "ex#TooManyRequestsException": { "type": "structure", "members": {}, "traits": { "smithy.api#error": "client", "smithy.api#httpError": 429, "smithy.api#retryable": {}, "smithy.api#documentation": "Slow down." } },
            "ex#BadRequestException": { "type": "structure", "members": {}, "traits": { "smithy.api#error": "client", "smithy.api#httpError": 400 } },
            "ex#InternalFailureException": { "type": "structure", "members": {}, "traits": { "smithy.api#error": "server" } }
            """, new[] { "Op" });
        var result = ImportModel(model);

        Assert.Equal(new[] { "BadRequestException", "InternalFailureException", "TooManyRequestsException" }, result.Operations.Single().Errors);
        Assert.Equal(
            new[] { ("BadRequestException", 400, false, (string?)null), ("InternalFailureException", 500, false, null), ("TooManyRequestsException", 429, true, "Slow down.") },
            result.Service.Errors.Select(e => (e.Name, e.Status, e.Retryable, e.Doc)));
        Assert.Contains("  TooManyRequestsException: { status: 429, retryable: true, doc: Slow down. }\n", Files(model)["service.yaml"], System.StringComparison.Ordinal);
    }

    [Fact]
    public void Service_name_namespace_version_and_signing_name()
    {
        var service = ImportModel(Operation("")).Service;
        var named = ImportModel(Operation(""), new ImportOptions { ServiceName = "Gadgets", Namespace = "Acme.Gadgets" }).Service;

        Assert.Equal(("WidgetService", "WidgetService", "2024-01-01", "widgets"), (service.Service, service.Namespace, service.ApiVersion, service.SigningName));
        Assert.Equal(("Gadgets", "Acme.Gadgets"), (named.Service, named.Namespace));
    }

    [Fact]
    public void Lists_and_string_keyed_maps_become_generic_types()
    {
        var model = Operation("",
            "\"names\": { \"target\": \"ex#Names\" }, \"counts\": { \"target\": \"ex#Counts\" }, \"grid\": { \"target\": \"ex#Grid\" }",
            moreShapes: """
                "ex#Names": { "type": "list", "member": { "target": "smithy.api#String" } },
                "ex#Counts": { "type": "map", "key": { "target": "smithy.api#String" }, "value": { "target": "smithy.api#Long" } },
                "ex#Grid": { "type": "list", "member": { "target": "ex#Counts" } }
                """);

        Assert.Equal(new[] { "list<string>", "map<long>", "list<map<long>>" }, ImportModel(model).Operations.Single().Output.Select(m => m.Type));
    }

    [Fact]
    public void Enums_keep_wire_values_and_get_csharp_names()
    {
        var model = Operation("\"mode\": { \"target\": \"ex#Mode\" }, \"old\": { \"target\": \"ex#OldStyle\" }", moreShapes: """
            "ex#Mode": { "type": "enum", "members": {
                "AT_SEQUENCE_NUMBER": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "AT_SEQUENCE_NUMBER" } },
                "basic": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "basic", "smithy.api#documentation": "Basic." } },
                "ML_LARGE": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "ml.m5.large" } } } },
            "ex#OldStyle": { "type": "string", "traits": { "smithy.api#enum": [ { "value": "RESUME", "name": "RESUME" }, { "value": "new-job" } ] } }
            """);
        var shapes = ImportModel(model).Operations.Single().Shapes.ToDictionary(s => s.Name);

        Assert.Equal(new[] { ("AtSequenceNumber", "AT_SEQUENCE_NUMBER"), ("Basic", "basic"), ("MlLarge", "ml.m5.large") }, shapes["Mode"].Values.Select(v => (v.Name, v.Value)));
        Assert.Equal(new[] { ("Resume", "RESUME"), ("NewJob", "new-job") }, shapes["OldStyle"].Values.Select(v => (v.Name, v.Value)));
        var yaml = Files(model)["Op.yaml"];
        Assert.Contains("      Basic: { value: basic, doc: Basic. }\n      MlLarge: ml.m5.large\n", yaml, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_shape_used_by_two_operations_is_declared_once_in_the_service_and_one_used_once_stays_with_its_operation()
    {
        var model = Model("""
            "ex#A": { "type": "operation", "output": { "target": "ex#AOutput" }, "traits": { "smithy.api#http": { "method": "GET", "uri": "/a" } } },
            "ex#B": { "type": "operation", "output": { "target": "ex#BOutput" }, "traits": { "smithy.api#http": { "method": "GET", "uri": "/b" } } },
            "ex#AOutput": { "type": "structure", "members": { "shared": { "target": "ex#Shared" }, "own": { "target": "ex#Own" } } },
            "ex#BOutput": { "type": "structure", "members": { "shared": { "target": "ex#Shared" } } },
            "ex#Shared": { "type": "structure", "members": { "inner": { "target": "ex#Inner" } } },
            "ex#Inner": { "type": "structure", "members": { "x": { "target": "smithy.api#String" } } },
            "ex#Own": { "type": "structure", "members": { "y": { "target": "smithy.api#String" } } }
            """, new[] { "A", "B" });
        var result = ImportModel(model);

        Assert.Equal(new[] { "Inner", "Shared" }, result.Service.Shapes.Select(s => s.Name));
        Assert.Equal(new[] { "Own" }, result.Operations.Single(o => o.Name == "A").Shapes.Select(s => s.Name));
        Assert.Empty(result.Operations.Single(o => o.Name == "B").Shapes);
    }

    [Fact]
    public void Operations_option_imports_only_the_named_ones_and_shapes_are_shared_among_those()
    {
        var model = Model("""
            "ex#A": { "type": "operation", "output": { "target": "ex#Out" }, "traits": { "smithy.api#http": { "method": "GET", "uri": "/a" } } },
            "ex#B": { "type": "operation", "output": { "target": "ex#Out2" }, "traits": { "smithy.api#http": { "method": "GET", "uri": "/b" } } },
            "ex#Out": { "type": "structure", "members": { "s": { "target": "ex#S" } } },
            "ex#Out2": { "type": "structure", "members": { "s": { "target": "ex#S" } } },
            "ex#S": { "type": "structure", "members": { "x": { "target": "smithy.api#String" } } }
            """, new[] { "A", "B" });
        var result = ImportModel(model, new ImportOptions { Operations = new[] { "B" } });

        Assert.Equal("B", result.Operations.Single().Name);
        Assert.Equal("S", result.Operations.Single().Shapes.Single().Name);
        Assert.Empty(result.Service.Shapes);
        var error = Assert.Throws<Smithy.InvalidModelException>(() => ImportModel(model, new ImportOptions { Operations = new[] { "C" } }));
        Assert.Contains("no operation named C", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Members_keep_the_models_order_and_keys_are_the_smithy_member_names()
    {
        var model = Operation($"\"zeta\": {{ {String} }}, \"alpha\": {{ {String} }}, \"neptuneIamRoleArn\": {{ {String} }}");

        Assert.Equal(new[] { "zeta", "alpha", "neptuneIamRoleArn" }, ImportModel(model).Operations.Single().Input.Select(m => m.Key));
        Assert.Contains("input:\n  zeta: string\n  alpha: string\n  neptuneIamRoleArn: string\n", Files(model)["Op.yaml"], System.StringComparison.Ordinal);
    }
}
