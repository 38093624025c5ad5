using System;
using System.IO;
using System.Linq;
using Neptune.CodeGen.Import.Tests.Infrastructure;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Neptune.CodeGen.Import.Tests;

/// <summary>The committed Neptune specs, read back as YAML: faithful to the seed page and to the model's facts.</summary>
public sealed class NeptuneSpecTests
{
    [Fact]
    public void CancelMLModelTrainingJob_matches_the_seed_page()
    {
        var spec = Load("CancelMLModelTrainingJob.yaml");
        var http = (YamlMappingNode)spec["http"];
        var input = (YamlMappingNode)spec["input"];
        var output = (YamlMappingNode)spec["output"];

        Assert.Equal(("DELETE", "/ml/modeltraining/{id}", "200", "true"), (Text(http, "method"), Text(http, "uri"), Text(http, "code"), Text(http, "idempotent")));
        Assert.Equal(new[] { "id", "neptuneIamRoleArn", "clean" }, input.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Equal(("label", "string", "true"), Member(input, "id"));
        Assert.Equal(("query", "boolean", null), Member(input, "clean"));
        Assert.Equal(("query", "string", null), Member(input, "neptuneIamRoleArn"));
        Assert.Equal("status", ((YamlScalarNode)output.Children.Keys.Single()).Value);
        Assert.Equal(
            new[]
            {
                "BadRequestException", "ClientTimeoutException", "ConstraintViolationException", "IllegalArgumentException", "InvalidArgumentException",
                "InvalidParameterException", "MissingParameterException", "MLResourceNotFoundException", "PreconditionsFailedException",
                "TooManyRequestsException", "UnsupportedOperationException",
            },
            ((YamlSequenceNode)spec["errors"]).Children.Select(e => ((YamlScalarNode)e).Value));
    }

    [Fact]
    public void Every_committed_spec_is_valid_yaml_starting_with_the_schema_comment()
    {
        foreach (var path in Directory.GetFiles(RepoPaths.NeptuneSpecs, "*.yaml"))
        {
            var text = File.ReadAllText(path);
            Assert.StartsWith("# yaml-language-server: $schema=../../docs/spec.schema.json\n", text, StringComparison.Ordinal);
            var root = Load(Path.GetFileName(path));
            Assert.True(root.Children.ContainsKey(new YamlScalarNode("operation")) || root.Children.ContainsKey(new YamlScalarNode("service")), path);
        }
    }

    [Fact]
    public void Service_file_has_the_neptune_identity_and_the_error_catalog()
    {
        var service = Load("service.yaml");
        var errors = (YamlMappingNode)service["errors"];

        Assert.Equal(("NeptuneData", "Neptune.Data", "2023-08-01", "neptune-db", "rest-json"),
            (Text(service, "service"), Text(service, "namespace"), Text(service, "apiVersion"), Text(service, "signingName"), Text(service, "protocol")));
        var tooMany = (YamlMappingNode)errors["TooManyRequestsException"];
        Assert.Equal(("429", "true"), (Text(tooMany, "status"), Text(tooMany, "retryable")));
        Assert.Equal(34, errors.Children.Count);
    }

    [Fact]
    public void Every_doc_and_member_reads_back_from_the_yaml_as_the_importer_meant_it()
    {
        var result = TestModels.ImportModel(Smithy.SmithyModel.Load(RepoPaths.NeptuneModel));
        var writer = new Writing.SpecWriter(null, "model.json");
        foreach (var operation in result.Operations)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(writer.Operation(operation)));
            var root = (YamlMappingNode)stream.Documents[0].RootNode;

            Assert.Equal(operation.Doc, Text(root, "doc"));
            foreach (var (section, members) in new[] { ("input", operation.Input), ("output", operation.Output) })
            {
                foreach (var member in members)
                {
                    var node = ((YamlMappingNode)root[section])[member.Key];
                    if (node is YamlScalarNode shorthand)
                    {
                        Assert.Equal(member.Type, shorthand.Value);
                        continue;
                    }

                    var mapping = (YamlMappingNode)node;
                    Assert.Equal((member.Type, member.Doc, member.Name, member.In), (Text(mapping, "type"), Text(mapping, "doc"), Text(mapping, "name"), Text(mapping, "in")));
                }
            }
        }
    }

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(RepoPaths.NeptuneSpecs, file))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string? Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static (string?, string?, string?) Member(YamlMappingNode members, string key)
    {
        var member = (YamlMappingNode)members[key];
        return (Text(member, "in"), Text(member, "type"), Text(member, "required"));
    }
}
