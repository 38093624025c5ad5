using System;
using System.Collections.Generic;

namespace Neptune.CodeGen.Tests.Infrastructure;

/// <summary>
/// The two spec sets whose output is snapshotted: the repository's real specs (specs/**) and the feature showcase
/// (tests/Neptune.CodeGen.Tests/TestSpecs/**). Each is one generator run, shared by every test that only reads it.
/// </summary>
internal static class SpecSets
{
    public const string Repo = "specs";
    public const string Showcase = "TestSpecs";

    private static readonly Lazy<GeneratorRun> LazyRepo = new(GeneratorHarness.RunRepoSpecs);
    private static readonly Lazy<GeneratorRun> LazyShowcase = new(GeneratorHarness.RunTestSpecs);

    public static IReadOnlyList<string> Names { get; } = new[] { Repo, Showcase };

    public static GeneratorRun Get(string name) => name switch
    {
        Repo => LazyRepo.Value,
        Showcase => LazyShowcase.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown spec set."),
    };
}
