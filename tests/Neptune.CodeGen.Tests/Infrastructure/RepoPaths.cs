using System;
using System.IO;

namespace Neptune.CodeGen.Tests.Infrastructure;

/// <summary>Where things are in the repository, found by walking up from the test binaries to Neptune.CodeGen.sln.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    /// <summary>The repository's real specs (every service the product ships).</summary>
    public static string Specs => Path.Combine(Root, "specs");

    public static string TestProject => Path.Combine(Root, "tests", "Neptune.CodeGen.Tests");

    /// <summary>Committed expected output: one <c>&lt;HintName&gt;.verified.cs</c> per generated file.</summary>
    public static string Snapshots => Path.Combine(TestProject, "Snapshots");

    /// <summary>The extra spec set that exercises every shape kind the spec format supports.</summary>
    public static string TestSpecs => Path.Combine(TestProject, "TestSpecs");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Neptune.CodeGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Neptune.CodeGen.sln not found above {AppContext.BaseDirectory}.");
    }
}
