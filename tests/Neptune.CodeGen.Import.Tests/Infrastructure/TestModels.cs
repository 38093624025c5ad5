using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Neptune.CodeGen.Import.Importing;
using Neptune.CodeGen.Import.Smithy;
using Neptune.CodeGen.Import.Writing;

namespace Neptune.CodeGen.Import.Tests.Infrastructure;

/// <summary>Small Smithy models written inline: a restJson1 service "ex#Widgets" around the shapes a test gives.</summary>
internal static class TestModels
{
    public const string DefaultHttp = "\"smithy.api#http\": { \"method\": \"POST\", \"uri\": \"/widgets\", \"code\": 200 }";

    /// <summary>A model whose service binds <paramref name="operations"/>; <paramref name="shapes"/> is the inside of the "shapes" object.</summary>
    public static SmithyModel Model(string shapes, string[] operations, string serviceTraits =
        "\"aws.protocols#restJson1\": {}, \"aws.auth#sigv4\": { \"name\": \"widgets\" }, \"smithy.api#title\": \"Amazon Widget Service\"")
    {
        var ops = string.Join(", ", operations.Select(o => $"{{ \"target\": \"ex#{o}\" }}"));
        var json = $$"""
            {
              "smithy": "2.0",
              "shapes": {
                "ex#Widgets": { "type": "service", "version": "2024-01-01", "operations": [{{ops}}], "traits": { {{serviceTraits}} } },
                {{shapes}}
              }
            }
            """;
        return SmithyModel.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test.json");
    }

    /// <summary>One operation "Op" with the given input and output members (insides of "members" objects).</summary>
    public static SmithyModel Operation(string inputMembers, string outputMembers = "", string operationTraits = DefaultHttp, string moreShapes = "", string errors = "")
    {
        var shapes = $$"""
            "ex#Op": { "type": "operation", "input": { "target": "ex#OpInput" }, "output": { "target": "ex#OpOutput" }, "errors": [{{errors}}], "traits": { {{operationTraits}} } },
            "ex#OpInput": { "type": "structure", "members": { {{inputMembers}} }, "traits": { "smithy.api#input": {} } },
            "ex#OpOutput": { "type": "structure", "members": { {{outputMembers}} }, "traits": { "smithy.api#output": {} } }
            """;
        return Model(moreShapes.Length == 0 ? shapes : shapes + ",\n" + moreShapes, new[] { "Op" });
    }

    public static ImportResult ImportModel(SmithyModel model, ImportOptions? options = null) => SpecImporter.Import(model, options ?? new ImportOptions());

    public static MemberDraft Input(SmithyModel model, string key) => ImportModel(model).Operations.Single().Input.Single(m => m.Key == key);

    public static MemberDraft Output(SmithyModel model, string key) => ImportModel(model).Operations.Single().Output.Single(m => m.Key == key);

    /// <summary>File name → YAML text, as the tool writes them.</summary>
    public static Dictionary<string, string> Files(SmithyModel model, ImportOptions? options = null, string? schema = null) =>
        new SpecWriter(schema, "test.json").Write(ImportModel(model, options)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
}

/// <summary>Paths in the repository (found from the test's output folder by looking for the solution file).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string NeptuneSpecs => Path.Combine(Root, "specs", "neptunedata");

    public static string NeptuneModel => Path.Combine(NeptuneSpecs, "smithy", "neptunedata-2023-08-01.json");

    public static string Golden => Path.Combine(Root, "tests", "Neptune.CodeGen.Import.Tests", "Golden");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Neptune.CodeGen.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Neptune.CodeGen.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Runs the command line in-process and captures what it prints.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static CliRun Of(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Cli.ImportCommand.Run(args, stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>A temporary folder deleted when disposed.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "neptune-import-" + Guid.NewGuid().ToString("N"));

    public string File(string name, string content)
    {
        Directory.CreateDirectory(Path);
        var path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
