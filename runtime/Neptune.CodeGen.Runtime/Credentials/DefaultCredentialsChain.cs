using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// The default credential search, in the order of the AWS SDK for .NET v4: environment variables
/// (<see cref="EnvironmentCredentialsProvider"/>) → web identity (<see cref="WebIdentityCredentialsProvider"/>) → shared
/// profile (<see cref="ProfileCredentialsProvider"/>: IAM Identity Center (SSO), assume role, static keys or
/// <c>credential_process</c>) → container (<see cref="ContainerCredentialsProvider"/>) → EC2
/// instance metadata (<see cref="InstanceMetadataCredentialsProvider"/>). Client options use it when
/// <see cref="AwsClientOptions.Credentials"/> is null.
/// <list type="bullet">
/// <item>The first source that has credentials wins and is remembered: later calls go straight to it, and the search
/// starts over only when that source stops being configured.</item>
/// <item>A source that is configured but fails (an explicitly selected profile that is missing, a failing
/// <c>credential_process</c> or STS call, an unreachable container endpoint) stops the search with its error instead of
/// falling through to a later source and a confusing message.</item>
/// <item>When no source has credentials, the <see cref="AwsCredentialsException"/> lists what each source said, one line each.</item>
/// <item>Temporary credentials are cached and refreshed ahead of expiry (see <see cref="CachingCredentialsProvider"/>).</item>
/// </list>
/// Thread-safe. Messages never contain secrets.
/// </summary>
public sealed class DefaultCredentialsChain : IAwsCredentialsProvider
{
    private readonly IAwsCredentialsProvider[] _providers;
    private readonly CachingCredentialsProvider _cache;
    private IAwsCredentialsProvider? _winner;

    /// <summary>Creates the default chain over the process environment and the user's shared files.</summary>
    public DefaultCredentialsChain() : this(AwsEnvironment.System)
    {
    }

    /// <summary>Creates the default chain over the given environment (tests pass fake variables, files and HTTP).</summary>
    public DefaultCredentialsChain(AwsEnvironment environment)
        : this(CreateDefaultProviders(environment ?? throw new ArgumentNullException(nameof(environment))), environment.TimeProvider)
    {
    }

    /// <summary>
    /// Creates a chain over any providers, tried in order. A built-in provider that is configured but fails stops the search;
    /// any other provider that throws <see cref="AwsCredentialsException"/> counts as "not found" and the search goes on.
    /// </summary>
    /// <param name="providers">The providers, in order.</param>
    /// <param name="timeProvider">The clock for the cache of temporary credentials; the system clock when null.</param>
    /// <param name="refreshWindow">How long before expiry to refresh; <see cref="CachingCredentialsProvider.DefaultRefreshWindow"/> when null.</param>
    public DefaultCredentialsChain(IEnumerable<IAwsCredentialsProvider> providers, TimeProvider? timeProvider = null, TimeSpan? refreshWindow = null)
    {
        ArgumentNullException.ThrowIfNull(providers);
        _providers = providers.ToArray();
        if (_providers.Length == 0 || Array.Exists(_providers, p => p is null))
        {
            throw new ArgumentException("The chain needs at least one provider and no null ones.", nameof(providers));
        }

        _cache = new CachingCredentialsProvider(new Resolver(this), timeProvider, refreshWindow);
    }

    /// <summary>The providers, in the order they are tried.</summary>
    public IReadOnlyList<IAwsCredentialsProvider> Providers => _providers;

    /// <inheritdoc />
    /// <exception cref="AwsCredentialsException">No source had credentials, or a configured source failed.</exception>
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) => _cache.GetCredentialsAsync(cancellationToken);

    /// <summary>The five built-in providers in the default order.</summary>
    public static IReadOnlyList<IAwsCredentialsProvider> CreateDefaultProviders(AwsEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return
        [
            new EnvironmentSource(environment),
            new WebIdentityCredentialsProvider(environment),
            new ProfileCredentialsProvider(null, environment),
            new ContainerCredentialsProvider(environment),
            new InstanceMetadataCredentialsProvider(environment),
        ];
    }

    private async ValueTask<AwsCredentials> ResolveAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _winner) is { } winner)
        {
            var again = await LookupAsync(winner, cancellationToken).ConfigureAwait(false);
            if (again.Credentials is not null)
            {
                return again.Credentials;
            }

            Interlocked.CompareExchange(ref _winner, null, winner);
        }

        var tried = new List<string>();
        foreach (var provider in _providers)
        {
            CredentialsLookup lookup;
            try
            {
                lookup = await LookupAsync(provider, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsCredentialsException exception)
            {
                throw new AwsCredentialsException(StoppedMessage(NameOf(provider), exception.Message, tried), exception);
            }

            if (lookup.Credentials is not null)
            {
                Volatile.Write(ref _winner, provider);
                return lookup.Credentials;
            }

            tried.Add($"{NameOf(provider)}: {lookup.NotFoundReason}");
        }

        throw new AwsCredentialsException("No AWS credentials were found. Sources tried, in order:" + Environment.NewLine +
            string.Join(Environment.NewLine, tried.Select(line => "  - " + line)));
    }

    /// <summary>Asks one provider; only a built-in source's exception means "configured but broken".</summary>
    private static async ValueTask<CredentialsLookup> LookupAsync(IAwsCredentialsProvider provider, CancellationToken cancellationToken)
    {
        if (provider is ICredentialsSource source)
        {
            return await source.LookupAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return CredentialsLookup.Found(await provider.GetCredentialsAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (AwsCredentialsException exception)
        {
            return CredentialsLookup.NotFound(exception.Message);
        }
    }

    private static string NameOf(IAwsCredentialsProvider provider) => provider is ICredentialsSource source ? source.SourceName : provider.GetType().Name;

    private static string StoppedMessage(string name, string error, List<string> tried)
    {
        var message = new StringBuilder($"AWS credentials from {name} could not be loaded, so the search stopped there: {error}");
        if (tried.Count > 0)
        {
            message.Append(Environment.NewLine).Append("Sources tried before it:");
            foreach (var line in tried)
            {
                message.Append(Environment.NewLine).Append("  - ").Append(line);
            }
        }

        return message.ToString();
    }

    /// <summary>The search itself, behind the cache.</summary>
    private sealed class Resolver(DefaultCredentialsChain chain) : IAwsCredentialsProvider
    {
        public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) => chain.ResolveAsync(cancellationToken);
    }

    /// <summary>Environment variables, with a short "not set" reason for the aggregated message.</summary>
    private sealed class EnvironmentSource(AwsEnvironment environment) : IAwsCredentialsProvider, ICredentialsSource
    {
        private readonly EnvironmentCredentialsProvider _provider = new(environment.GetVariable);

        public string SourceName => "environment";

        public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) => _provider.GetCredentialsAsync(cancellationToken);

        public ValueTask<CredentialsLookup> LookupAsync(CancellationToken cancellationToken)
        {
            var hasKey = environment.Get(EnvironmentCredentialsProvider.AccessKeyIdVariable) is not null;
            var hasSecret = environment.Get(EnvironmentCredentialsProvider.SecretAccessKeyVariable) is not null;
            if (hasKey && hasSecret)
            {
                return ValueTask.FromResult(CredentialsLookup.Found(new AwsCredentials(
                    environment.Get(EnvironmentCredentialsProvider.AccessKeyIdVariable)!,
                    environment.Get(EnvironmentCredentialsProvider.SecretAccessKeyVariable)!,
                    environment.Get(EnvironmentCredentialsProvider.SessionTokenVariable))));
            }

            var reason = !hasKey && !hasSecret
                ? $"{EnvironmentCredentialsProvider.AccessKeyIdVariable} and {EnvironmentCredentialsProvider.SecretAccessKeyVariable} are not set"
                : $"{(hasKey ? EnvironmentCredentialsProvider.SecretAccessKeyVariable : EnvironmentCredentialsProvider.AccessKeyIdVariable)} is not set";
            return ValueTask.FromResult(CredentialsLookup.NotFound(reason));
        }
    }
}
