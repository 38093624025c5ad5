using System;
using System.Threading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Neptune.CodeGen.Runtime.Credentials;

namespace Neptune.CodeGen.Runtime.DependencyInjection;

/// <summary>
/// The options every client of one registration is built with: a private copy of the named options, with the region
/// resolved, one credentials provider for all of them, the service provider's logger factory and clock when the options
/// name none, and signing left to the HttpClient's primary handler. Rebuilt when the options change (a configuration reload).
/// </summary>
internal sealed class PreparedClientOptions<TOptions>
    where TOptions : AwsClientOptions, new()
{
    private readonly string _name;
    private Entry? _entry;

    public PreparedClientOptions(string name) => _name = name;

    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public TOptions Get(IServiceProvider provider)
    {
        // Get validates, once per options instance; a reload gives a new instance.
        var source = provider.GetRequiredService<IOptionsMonitor<TOptions>>().Get(_name);
        var entry = Volatile.Read(ref _entry);
        // Keyed by the options instance only: scopes share the root's options monitor, so every scope gets the same
        // credentials provider (and its cache); two root providers have two monitors, so they never share.
        if (entry is null || !ReferenceEquals(entry.Source, source))
        {
            entry = new Entry(source, Prepare(source, provider));
            Volatile.Write(ref _entry, entry);
        }

        return entry.Prepared;
    }

    private static TOptions Prepare(TOptions source, IServiceProvider provider)
    {
        var prepared = new TOptions();
        source.CopyTo(prepared);
        prepared.Region = source.ResolveRegion();
        prepared.Credentials = source.Credentials ?? new DefaultCredentialsChain(source.AwsEnvironment);
        prepared.LoggerFactory = source.LoggerFactory ?? provider.GetService<ILoggerFactory>();
        if (ReferenceEquals(source.TimeProvider, TimeProvider.System) && provider.GetService<TimeProvider>() is { } timeProvider)
        {
            prepared.TimeProvider = timeProvider;
        }

        prepared.SignInHttpMessageHandler = true;
        return prepared;
    }

    private sealed record Entry(TOptions Source, TOptions Prepared);
}
