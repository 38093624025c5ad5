using System;
using System.Linq;
using System.Reflection;

namespace Neptune.CodeGen.Diagnostics;

/// <summary>
/// Where a diagnostic's help link points: docs/diagnostics.md in the project's repository, taken from the MSBuild
/// <c>RepositoryUrl</c> the generator was built (and packed) with. No real address, no link: a link to a host that does not
/// exist would be worse than none.
/// </summary>
internal static class HelpLinks
{
    /// <summary>The assembly metadata key the project file bakes <c>$(RepositoryUrl)</c> into.</summary>
    public const string RepositoryUrlKey = "NeptuneCodeGen.RepositoryUrl";

    /// <summary>The diagnostics page, or null when the generator was built without a usable repository URL.</summary>
    public static string? DiagnosticsPage { get; } = DiagnosticsPageFor(
        typeof(HelpLinks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == RepositoryUrlKey)?.Value);

    /// <summary>The help link of one diagnostic (<c>…/docs/diagnostics.md#ncg0002</c>), or null.</summary>
    public static string? For(string id) => DiagnosticsPage is null ? null : DiagnosticsPage + "#" + id.ToLowerInvariant();

    /// <summary>
    /// <c>https://github.com/o/r(.git)</c> → <c>https://github.com/o/r/blob/HEAD/docs/diagnostics.md</c>; null for anything that
    /// is not an absolute http(s) URL or whose host is reserved for examples and tests (RFC 2606, RFC 6761).
    /// </summary>
    public static string? DiagnosticsPageFor(string? repositoryUrl)
    {
        if (string.IsNullOrWhiteSpace(repositoryUrl) ||
            !Uri.TryCreate(repositoryUrl!.Trim(), UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) ||
            IsReservedHost(uri.Host))
        {
            return null;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            path = path.Substring(0, path.Length - ".git".Length);
        }

        if (path.Length == 0)
        {
            return null;
        }

        return $"{uri.Scheme}://{uri.Authority}{path}/blob/HEAD/docs/diagnostics.md";
    }

    private static bool IsReservedHost(string host)
    {
        host = host.ToLowerInvariant().TrimEnd('.');
        if (host is "localhost" or "example.com" or "example.net" or "example.org" or "example")
        {
            return true;
        }

        return new[] { ".invalid", ".example", ".test", ".localhost", ".example.com", ".example.net", ".example.org" }
                   .Any(suffix => host.EndsWith(suffix, StringComparison.Ordinal)) ||
               host == "invalid" || host == "test";
    }
}
