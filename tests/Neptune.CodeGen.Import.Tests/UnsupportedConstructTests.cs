using System;
using System.IO;
using System.Linq;
using Neptune.CodeGen.Import.Importing;
using Neptune.CodeGen.Import.Tests.Infrastructure;
using Xunit;
using static Neptune.CodeGen.Import.Tests.Infrastructure.TestModels;

namespace Neptune.CodeGen.Import.Tests;

/// <summary>What the spec format cannot express stops the import, naming the shape and member; nothing is approximated.</summary>
public sealed class UnsupportedConstructTests
{
    public static TheoryData<string, string, string, string> Cases => new()
    {
        {
            "prefix headers",
            "\"meta\": { \"target\": \"ex#Meta\", \"traits\": { \"smithy.api#httpPrefixHeaders\": \"X-Meta-\" } }",
            "\"ex#Meta\": { \"type\": \"map\", \"key\": { \"target\": \"smithy.api#String\" }, \"value\": { \"target\": \"smithy.api#String\" } }",
            "ex#OpInput$meta: httpPrefixHeaders"
        },
        {
            "query params map",
            "\"params\": { \"target\": \"ex#Meta\", \"traits\": { \"smithy.api#httpQueryParams\": {} } }",
            "\"ex#Meta\": { \"type\": \"map\", \"key\": { \"target\": \"smithy.api#String\" }, \"value\": { \"target\": \"smithy.api#String\" } }",
            "ex#OpInput$params: httpQueryParams"
        },
        {
            "union",
            "\"choice\": { \"target\": \"ex#Choice\" }",
            "\"ex#Choice\": { \"type\": \"union\", \"members\": { \"a\": { \"target\": \"smithy.api#String\" } } }",
            "ex#OpInput$choice: the union Choice has no spec equivalent"
        },
        {
            "streaming blob",
            "\"body\": { \"target\": \"ex#Stream\", \"traits\": { \"smithy.api#httpPayload\": {} } }",
            "\"ex#Stream\": { \"type\": \"blob\", \"traits\": { \"smithy.api#streaming\": {} } }",
            "ex#OpInput$body: its type Stream: streaming bodies are not supported"
        },
        {
            "event stream",
            "\"events\": { \"target\": \"ex#Events\", \"traits\": { \"smithy.api#httpPayload\": {} } }",
            "\"ex#Events\": { \"type\": \"union\", \"members\": { \"a\": { \"target\": \"smithy.api#String\" } }, \"traits\": { \"smithy.api#streaming\": {} } }",
            "ex#OpInput$events: the union Events has no spec equivalent"
        },
        {
            "non-string map key",
            "\"byKind\": { \"target\": \"ex#ByKind\" }",
            "\"ex#ByKind\": { \"type\": \"map\", \"key\": { \"target\": \"ex#Kind\" }, \"value\": { \"target\": \"smithy.api#String\" } }, " +
            "\"ex#Kind\": { \"type\": \"enum\", \"members\": { \"A\": { \"target\": \"smithy.api#Unit\", \"traits\": { \"smithy.api#enumValue\": \"a\" } } } }",
            "ex#ByKind$key: map keys of type Kind have no spec equivalent"
        },
        {
            "set of structures",
            "\"items\": { \"target\": \"ex#Items\" }",
            "\"ex#Items\": { \"type\": \"list\", \"member\": { \"target\": \"ex#Item\" }, \"traits\": { \"smithy.api#uniqueItems\": {} } }, " +
            "\"ex#Item\": { \"type\": \"structure\", \"members\": {} }",
            "ex#OpInput$items: Items is a set of Item values"
        },
        {
            "float",
            "\"ratio\": { \"target\": \"smithy.api#Float\" }",
            "",
            "ex#OpInput$ratio: the type smithy.api#Float has no spec equivalent"
        },
        {
            "pattern",
            "\"name\": { \"target\": \"smithy.api#String\", \"traits\": { \"smithy.api#pattern\": \"^[a-z]+$\" } }",
            "",
            "ex#OpInput$name: the pattern constraint has no spec equivalent"
        },
        {
            "idempotency token",
            "\"token\": { \"target\": \"smithy.api#String\", \"traits\": { \"smithy.api#idempotencyToken\": {} } }",
            "",
            "ex#OpInput$token: idempotencyToken"
        },
        {
            "constraint on a list element",
            "\"sizes\": { \"target\": \"ex#Sizes\" }",
            "\"ex#Sizes\": { \"type\": \"list\", \"member\": { \"target\": \"ex#Size\" } }, \"ex#Size\": { \"type\": \"integer\", \"traits\": { \"smithy.api#range\": { \"min\": 1 } } }",
            "ex#Sizes$member: Size has a range"
        },
        {
            "list in a header",
            "\"tags\": { \"target\": \"ex#Tags\", \"traits\": { \"smithy.api#httpHeader\": \"X-Tags\" } }",
            "\"ex#Tags\": { \"type\": \"list\", \"member\": { \"target\": \"smithy.api#String\" } }",
            "ex#OpInput$tags: a list<string> bound to the header"
        },
        {
            "unknown trait",
            "\"x\": { \"target\": \"smithy.api#String\", \"traits\": { \"example.custom#wireTweak\": {} } }",
            "",
            "ex#OpInput$x: the trait 'example.custom#wireTweak' has no spec equivalent"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_unsupported_construct_stops_the_import_naming_shape_and_member(string what, string member, string shapes, string message)
    {
        var model = Operation(member, moreShapes: shapes);

        var error = Assert.Throws<UnsupportedConstructException>(() => ImportModel(model));

        Assert.True(error.Message.StartsWith(message, StringComparison.Ordinal) || error.Message.Contains(message, StringComparison.Ordinal), $"{what}: {error.Message}");
    }

    [Fact]
    public void A_greedy_label_is_unsupported()
    {
        var model = Operation("\"key\": { \"target\": \"smithy.api#String\", \"traits\": { \"smithy.api#httpLabel\": {}, \"smithy.api#required\": {} } }",
            operationTraits: "\"smithy.api#http\": { \"method\": \"GET\", \"uri\": \"/files/{key+}\" }");

        var error = Assert.Throws<UnsupportedConstructException>(() => ImportModel(model));

        Assert.Equal("ex#Op: the URI /files/{key+} has a greedy label ({name+}); spec labels are whole segments", error.Message);
    }

    [Fact]
    public void A_service_that_is_not_restJson1_is_refused()
    {
        var model = Model("\"ex#Op\": { \"type\": \"operation\", \"traits\": { \"smithy.api#http\": { \"method\": \"GET\", \"uri\": \"/\" } } }", new[] { "Op" },
            serviceTraits: "\"aws.protocols#awsJson1_1\": {}, \"aws.auth#sigv4\": { \"name\": \"x\" }");

        var error = Assert.Throws<UnsupportedConstructException>(() => ImportModel(model, new ImportOptions { SkipUnsupported = true }));

        Assert.Contains("ex#Widgets: the service does not use the aws.protocols#restJson1 protocol", error.Message, StringComparison.Ordinal);
    }

    private const string TwoOperations = """
        {
          "smithy": "2.0",
          "shapes": {
            "ex#Widgets": { "type": "service", "version": "1", "operations": [{ "target": "ex#Good" }, { "target": "ex#Bad" }],
                            "traits": { "aws.protocols#restJson1": {}, "aws.auth#sigv4": { "name": "widgets" } } },
            "ex#Good": { "type": "operation", "output": { "target": "ex#GoodOutput" }, "traits": { "smithy.api#http": { "method": "GET", "uri": "/good" } } },
            "ex#GoodOutput": { "type": "structure", "members": { "name": { "target": "smithy.api#String" } } },
            "ex#Bad": { "type": "operation", "input": { "target": "ex#BadInput" }, "traits": { "smithy.api#http": { "method": "GET", "uri": "/bad" } } },
            "ex#BadInput": { "type": "structure", "members": { "meta": { "target": "ex#Meta", "traits": { "smithy.api#httpPrefixHeaders": "X-Meta-" } } } },
            "ex#Meta": { "type": "map", "key": { "target": "smithy.api#String" }, "value": { "target": "smithy.api#String" } }
          }
        }
        """;

    [Fact]
    public void Without_skip_the_tool_exits_non_zero_names_the_member_and_writes_nothing()
    {
        using var temp = new TempFolder();
        var model = temp.File("model.json", TwoOperations);
        var output = Path.Combine(temp.Path, "out");

        var run = CliRun.Of("import", model, "--out", output);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: unsupported construct: ex#BadInput$meta: httpPrefixHeaders", run.Error, StringComparison.Ordinal);
        Assert.Contains("--skip-unsupported", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void With_skip_unsupported_the_operation_is_skipped_with_a_warning_and_the_others_are_written()
    {
        using var temp = new TempFolder();
        var model = temp.File("model.json", TwoOperations);
        var output = Path.Combine(temp.Path, "out");

        var run = CliRun.Of("import", model, "--out", output, "--skip-unsupported");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: Skipped operation Bad: ex#BadInput$meta: httpPrefixHeaders", run.Error, StringComparison.Ordinal);
        Assert.Equal(new[] { "Good.yaml", "service.yaml" }, Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
