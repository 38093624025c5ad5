using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Neptune.CodeGen.Tests.Infrastructure;

/// <summary>
/// Committed expected output under tests/Neptune.CodeGen.Tests/Snapshots: generated file <c>X.g.cs</c> is compared with
/// <c>Snapshots/X.g.verified.cs</c>. Set the environment variable <see cref="UpdateVariable"/>=1 to rewrite the snapshots
/// from the current generator (new, changed and stale files) instead of failing; review the git diff before committing.
/// </summary>
internal static class Snapshots
{
    public const string UpdateVariable = "NEPTUNE_UPDATE_SNAPSHOTS";

    private const string Suffix = ".verified.cs";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static bool UpdateMode => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>The snapshot file name of a generated file: <c>A.B.g.cs</c> becomes <c>A.B.g.verified.cs</c>.</summary>
    public static string FileName(string hintName) =>
        (hintName.EndsWith(".cs", StringComparison.Ordinal) ? hintName.Substring(0, hintName.Length - 3) : hintName) + Suffix;

    public static IReadOnlyList<string> ExistingFiles() =>
        Directory.Exists(RepoPaths.Snapshots)
            ? Directory.GetFiles(RepoPaths.Snapshots, "*" + Suffix).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToList()!
            : Array.Empty<string>();

    /// <summary>Compares each file with its snapshot; returns one message per problem (empty when all match or were updated).</summary>
    public static IReadOnlyList<string> Verify(IEnumerable<GeneratedFile> files)
    {
        var problems = new List<string>();
        foreach (var file in files)
        {
            var path = Path.Combine(RepoPaths.Snapshots, FileName(file.HintName));
            var expected = File.Exists(path) ? File.ReadAllText(path, Encoding.UTF8) : null;
            if (expected == file.Text)
            {
                continue;
            }

            if (UpdateMode)
            {
                Directory.CreateDirectory(RepoPaths.Snapshots);
                File.WriteAllText(path, file.Text, Utf8NoBom);
                continue;
            }

            problems.Add(expected is null
                ? $"{file.HintName}: no snapshot. Expected file: {Relative(path)}."
                : $"{file.HintName} differs from {Relative(path)}:{Environment.NewLine}{TextDiff.Describe(expected, file.Text)}");
        }

        return problems;
    }

    /// <summary>Snapshots no generated file corresponds to; deleted in update mode.</summary>
    public static IReadOnlyList<string> Stale(IEnumerable<string> generatedHintNames)
    {
        var expected = new HashSet<string>(generatedHintNames.Select(FileName), StringComparer.Ordinal);
        var stale = ExistingFiles().Where(f => !expected.Contains(f)).ToList();
        if (UpdateMode)
        {
            foreach (var file in stale)
            {
                File.Delete(Path.Combine(RepoPaths.Snapshots, file));
            }

            return Array.Empty<string>();
        }

        return stale;
    }

    public static string Failure(IEnumerable<string> problems) =>
        string.Join(Environment.NewLine + Environment.NewLine, problems) + Environment.NewLine + Environment.NewLine +
        $"If the change is intended, run the tests with {UpdateVariable}=1 to rewrite the snapshots, then review the diff.";

    private static string Relative(string path) => Path.GetRelativePath(RepoPaths.Root, path);
}
