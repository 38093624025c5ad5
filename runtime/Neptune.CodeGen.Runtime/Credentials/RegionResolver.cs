using System;
using System.Diagnostics.CodeAnalysis;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// Finds the AWS region the way the AWS SDKs do: the explicit value (client options), then <c>AWS_REGION</c>, then
/// <c>AWS_DEFAULT_REGION</c>, then the <c>region</c> of the selected profile (<c>AWS_PROFILE</c>, else <c>default</c>)
/// in the shared config and credentials files. Instance metadata is not asked.
/// </summary>
public sealed class RegionResolver
{
    /// <summary>The variable that holds the region.</summary>
    public const string RegionVariable = "AWS_REGION";

    /// <summary>The variable the AWS CLI uses for the region; read after <see cref="RegionVariable"/>.</summary>
    public const string DefaultRegionVariable = "AWS_DEFAULT_REGION";

    private readonly AwsEnvironment _environment;
    private readonly SharedConfigFiles _files;

    /// <summary>Creates a resolver over the process environment and the user's shared files.</summary>
    public RegionResolver() : this(AwsEnvironment.System)
    {
    }

    /// <summary>Creates a resolver over the given environment.</summary>
    public RegionResolver(AwsEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _environment = environment;
        _files = new SharedConfigFiles(environment);
    }

    /// <summary>Returns the region.</summary>
    /// <param name="explicitRegion">A region set in code; used when not null or blank.</param>
    /// <exception cref="InvalidOperationException">No region was found; the message lists every place looked at.</exception>
    public string Resolve(string? explicitRegion = null) =>
        TryResolve(explicitRegion, out var region, out var failure) ? region : throw new InvalidOperationException(failure);

    /// <summary>Looks for the region; returns false when none is set anywhere.</summary>
    public bool TryResolve(string? explicitRegion, [NotNullWhen(true)] out string? region) =>
        TryResolve(explicitRegion, out region, out _);

    /// <summary>Looks for the region; on failure, <paramref name="failure"/> says where it looked.</summary>
    internal bool TryResolve(string? explicitRegion, [NotNullWhen(true)] out string? region, [NotNullWhen(false)] out string? failure)
    {
        failure = null;
        region = string.IsNullOrWhiteSpace(explicitRegion) ? null : explicitRegion.Trim();
        region ??= _environment.Get(RegionVariable) ?? _environment.Get(DefaultRegionVariable);
        if (region is not null)
        {
            return true;
        }

        var profile = _files.SelectedProfileName ?? SharedConfigFiles.DefaultProfileName;
        string filesLooked;
        try
        {
            var profiles = _files.Load();
            region = profiles.Get(profile, "region");
            if (region is not null)
            {
                return true;
            }

            filesLooked = profiles.DescribeFiles();
        }
        catch (AwsCredentialsException exception)
        {
            filesLooked = exception.Message;
        }

        failure = "No AWS region is set. Looked at: the Region client option (not set); the environment variables " +
            $"{RegionVariable} and {DefaultRegionVariable} (not set); the 'region' of profile '{profile}' in the shared files " +
            $"({filesLooked}): not set. Set one of them, for example {RegionVariable}=us-east-1.";
        return false;
    }
}
