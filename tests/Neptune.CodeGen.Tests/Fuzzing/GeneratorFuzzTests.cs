using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CsCheck;
using Neptune.CodeGen.Tests.Infrastructure;
using Xunit;

namespace Neptune.CodeGen.Tests.Fuzzing;

/// <summary>
/// Property-based tests (CsCheck): valid specs mutated at random, and random YAML, never make the generator throw, hang,
/// fail with NCG9999 or report a position outside the file; and when it reports no error, its output compiles.
/// A fixed seed and <see cref="FuzzRunner.DefaultIterations"/> cases per property run in CI; docs/fuzzing.md shows how to
/// run more.
/// </summary>
public sealed class GeneratorFuzzTests
{
    private const string Service = "service: Svc\nnamespace: Acme.Svc\napiVersion: \"1\"\nsigningName: svc\nerrors:\n  BadRequestException: { status: 400 }\n";

    private const string Operation = "operation: Op\nhttp: { method: GET, uri: /x }\noutput:\n  status: string\n";

    /// <summary>The spec sets to mutate: the feature showcase (every shape kind) and the real Neptune Data specs.</summary>
    private static readonly Lazy<IReadOnlyList<IReadOnlyList<FuzzFile>>> SpecSetsToMutate = new(() => new[]
    {
        Load(RepoPaths.TestSpecs, "/fuzz/showcase"),
        Load(RepoPaths.Specs, "/fuzz/specs"),
    });

    private static Gen<(int Set, int File, Mutation[] Mutations)> MutatedSpec { get; } =
        Gen.Select(Gen.Int[0, 1], Gen.Int[0, 1000], SpecMutator.Mutation.Array[1, 4]);

    [Fact]
    public void The_unmutated_spec_sets_satisfy_the_invariants()
    {
        // The baseline the mutations start from: no diagnostics at all, and code that compiles.
        foreach (var set in SpecSetsToMutate.Value)
        {
            var result = GeneratorInvariants.Check(set);
            Assert.Empty(result.Diagnostics);
            Assert.NotEmpty(result.GeneratedSources);
        }
    }

    [Fact]
    public void Mutated_specs_never_break_the_generator()
    {
        FuzzRunner.Run(MutatedSpec, c => GeneratorInvariants.Check(Mutate(c)), Print, stream: 1);
    }

    [Fact]
    public void Random_yaml_as_an_operation_or_a_service_never_breaks_the_generator()
    {
        FuzzRunner.Run(RandomYaml.Document, CheckRandom, text => text, stream: 2);
    }

    [Fact]
    public void Random_yaml_in_an_unmarked_file_never_breaks_the_generator()
    {
        // Unmarked YAML that does not look like a spec is ignored; if it does, it is read and reported like a marked one.
        FuzzRunner.Run(RandomYaml.Document, text => GeneratorInvariants.Check(new[] { new FuzzFile("/fuzz/r/service.yaml", Service), new FuzzFile("/fuzz/r/Random.yaml", text, Marked: false) }),
            text => text, stream: 3, scale: 0.5);
    }

    private static void CheckRandom(string text)
    {
        // The same text as an operation next to a valid service, and as the service of a valid operation.
        GeneratorInvariants.Check(new[] { new FuzzFile("/fuzz/r/service.yaml", Service), new FuzzFile("/fuzz/r/Random.yaml", text) });
        GeneratorInvariants.Check(new[] { new FuzzFile("/fuzz/r/service.yaml", text), new FuzzFile("/fuzz/r/Op.yaml", Operation) });
    }

    private static IReadOnlyList<FuzzFile> Mutate((int Set, int File, Mutation[] Mutations) c)
    {
        var set = SpecSetsToMutate.Value[c.Set];
        var index = c.File % set.Count;
        return set.Select((f, i) => i == index ? f with { Text = SpecMutator.Apply(f.Text, c.Mutations) } : f).ToList();
    }

    private static string Print((int Set, int File, Mutation[] Mutations) c)
    {
        var set = SpecSetsToMutate.Value[c.Set];
        var file = set[c.File % set.Count];
        var mutated = Mutate(c)[c.File % set.Count];
        return $"{file.Path} after {string.Join("; ", c.Mutations.Select(m => m.ToString()))}:{Environment.NewLine}{mutated.Text}";
    }

    private static IReadOnlyList<FuzzFile> Load(string folder, string virtualFolder) =>
        Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new FuzzFile(virtualFolder + "/" + Path.GetRelativePath(folder, p).Replace('\\', '/'), File.ReadAllText(p)))
            .ToList();
}
