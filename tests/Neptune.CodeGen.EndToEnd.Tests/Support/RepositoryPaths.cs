using System;
using System.IO;

namespace Neptune.CodeGen.EndToEnd.Tests.Support;

/// <summary>Paths inside the repository the tests were built from.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder that holds <c>Neptune.CodeGen.sln</c>.</summary>
    public static string Root => RootPath.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

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
