using System;
using System.IO;
using System.Net.Http;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// Where the credential providers and the region resolver read their settings from: environment variables, the home
/// directory (for <c>~/.aws/config</c> and <c>~/.aws/credentials</c>), HTTP (STS, container and instance metadata endpoints)
/// and the clock. <see cref="System"/> is the real machine; tests build their own instance so they never read real settings.
/// </summary>
public sealed class AwsEnvironment
{
    /// <summary>Creates settings that read variables through <paramref name="getVariable"/>.</summary>
    /// <param name="getVariable">Returns the value of an environment variable, or null when it is not set.</param>
    public AwsEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        GetVariable = getVariable;
    }

    /// <summary>The process environment, the user's home directory, the default HTTP stack and the system clock.</summary>
    public static AwsEnvironment System { get; } = new(Environment.GetEnvironmentVariable);

    /// <summary>Returns the value of an environment variable, or null when it is not set.</summary>
    public Func<string, string?> GetVariable { get; }

    /// <summary>
    /// The directory that <c>~</c> stands for. When null, it comes from the variables <c>HOME</c>, then <c>USERPROFILE</c>,
    /// then <c>HOMEDRIVE</c> + <c>HOMEPATH</c>; when none is set, the default shared files are not read.
    /// </summary>
    public string? HomeDirectory { get; init; }

    /// <summary>
    /// The handler that STS, SSO portal, SSO OIDC, container and instance-metadata requests go through. When null, a shared handler is used
    /// (without a proxy for the link-local container and instance-metadata addresses).
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>The clock used for expiry checks and for signing STS requests.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// The STS endpoint to use instead of <c>https://sts.{region}.amazonaws.com/</c>. When null, the variable
    /// <c>AWS_ENDPOINT_URL_STS</c> is used if set.
    /// </summary>
    public Uri? StsEndpoint { get; init; }

    /// <summary>Returns a variable's value, or null when it is unset, empty or only white space.</summary>
    internal string? Get(string name)
    {
        var value = GetVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>Whether a variable is set to <c>true</c> (in any letter case).</summary>
    internal bool IsTrue(string name) => string.Equals(Get(name), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The home directory, or null when it cannot be told.</summary>
    internal string? ResolveHomeDirectory()
    {
        if (!string.IsNullOrWhiteSpace(HomeDirectory))
        {
            return HomeDirectory;
        }

        var home = Get("HOME") ?? Get("USERPROFILE");
        if (home is not null)
        {
            return home;
        }

        var drive = Get("HOMEDRIVE");
        var path = Get("HOMEPATH");
        return drive is not null && path is not null ? drive + path : null;
    }

    /// <summary>Replaces a leading <c>~</c> with the home directory; returns null when the path needs one that is unknown.</summary>
    internal string? ExpandHome(string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal))
        {
            var home = ResolveHomeDirectory();
            return home is null ? null : Path.Join(home, path.Length > 2 ? path[2..] : string.Empty);
        }

        return path;
    }
}
