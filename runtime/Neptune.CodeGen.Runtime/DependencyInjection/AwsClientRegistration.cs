using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Neptune.CodeGen.Runtime.DependencyInjection;

/// <summary>
/// Registers a generated client with dependency injection. Generated code calls it from each service's
/// <c>Add{Client}</c> extension methods (for example <c>services.AddNeptuneDataClient(...)</c>); applications call those.
/// </summary>
/// <remarks>
/// <para>What one registration adds:</para>
/// <list type="bullet">
/// <item>The options, by name (<see cref="Options.DefaultName"/> for the unnamed registration), configured by the given
/// action or configuration section, and validated with <see cref="AwsClientOptions.Validate"/> when first used: a bad
/// setting throws <see cref="OptionsValidationException"/> naming the options type, the name and the problem, the first time
/// the client is resolved (or at startup with <c>services.AddOptions&lt;TOptions&gt;(name).ValidateOnStart()</c>).</item>
/// <item>A named HttpClient (see <see cref="GetHttpClientName"/>) whose primary handler signs: whatever primary handler
/// the HttpClient ends up with (the factory's default, or yours from <c>ConfigurePrimaryHttpMessageHandler</c>) is wrapped in the
/// signing handler, so signing is always the innermost step and every handler you add to the returned builder, a resilience
/// handler included, runs outside it and has each resend signed afresh. Automatic redirects are turned off on a
/// <see cref="SocketsHttpHandler"/> or <see cref="HttpClientHandler"/> primary handler, and the HttpClient's own
/// <see cref="HttpClient.Timeout"/> is infinite (the options' <see cref="AwsClientOptions.AttemptTimeout"/> and
/// <see cref="AwsClientOptions.OperationTimeout"/> apply); change either on the builder if you must.</item>
/// <item>The client as a transient typed client, under both its interface and its class: unkeyed for the unnamed
/// registration, keyed by the name otherwise (<c>[FromKeyedServices("name")]</c>). Clients of one registration share
/// one credentials provider (the options' <see cref="AwsClientOptions.Credentials"/>, else one default chain), so
/// temporary credentials are cached across them.</item>
/// </list>
/// <para>When the options set no <see cref="AwsClientOptions.LoggerFactory"/>, the <c>ILoggerFactory</c> of the service
/// provider is used; when they keep the system <see cref="AwsClientOptions.TimeProvider"/>, a <see cref="TimeProvider"/>
/// registered in the service provider is used.</para>
/// </remarks>
public static class AwsClientRegistration
{
    /// <summary>Registers a client whose options are set by <paramref name="configure"/>.</summary>
    /// <typeparam name="TService">The client's interface, for example <c>INeptuneDataClient</c>.</typeparam>
    /// <typeparam name="TClient">The client's class, for example <c>NeptuneDataClient</c>.</typeparam>
    /// <typeparam name="TOptions">The client's options, for example <c>NeptuneDataClientOptions</c>.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The name of the options and of the keyed registration; <see cref="Options.DefaultName"/> (empty) for the unnamed one.</param>
    /// <param name="configure">Sets the options (endpoint, region, ...). Runs when the options are first needed.</param>
    /// <param name="createClient">Creates the client from its options and an HttpClient (the generated public constructor).</param>
    /// <returns>The builder of the client's named HttpClient, to add handlers (for example a resilience handler) or configure it.</returns>
    public static IHttpClientBuilder AddClient<TService, TClient, TOptions>(
        IServiceCollection services, string name, Action<TOptions> configure, Func<TOptions, HttpClient, TClient> createClient)
        where TService : class
        where TClient : class, TService
        where TOptions : AwsClientOptions, new()
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentNullException.ThrowIfNull(createClient);
        services.AddOptions();
        services.AddSingleton<IConfigureOptions<TOptions>>(new ConfigureNamedOptions<TOptions>(name, configure));
        return AddCore<TService, TClient, TOptions>(services, name, createClient);
    }

    /// <summary>
    /// Registers a client whose options are read from a configuration section (for example <c>appsettings.json</c>'s
    /// <c>"Neptune"</c>), and read again when the configuration reloads. The keys are <c>Endpoint</c>, <c>Region</c>,
    /// <c>AttemptTimeout</c>, <c>OperationTimeout</c> (<c>hh:mm:ss</c>, or <c>Infinite</c>) and <c>Retry</c> with
    /// <c>MaxAttempts</c>, <c>Mode</c>, <c>Use2026Behavior</c>, <c>MaxBackoff</c> and <c>BaseDelay</c>; any other key is an
    /// error. Credentials never come from configuration: set them in code, or leave them to the default chain.
    /// </summary>
    /// <typeparam name="TService">The client's interface, for example <c>INeptuneDataClient</c>.</typeparam>
    /// <typeparam name="TClient">The client's class, for example <c>NeptuneDataClient</c>.</typeparam>
    /// <typeparam name="TOptions">The client's options, for example <c>NeptuneDataClientOptions</c>.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The name of the options and of the keyed registration; <see cref="Options.DefaultName"/> (empty) for the unnamed one.</param>
    /// <param name="configuration">The configuration section holding the settings.</param>
    /// <param name="createClient">Creates the client from its options and an HttpClient (the generated public constructor).</param>
    /// <returns>The builder of the client's named HttpClient.</returns>
    /// <remarks>The section is read without reflection, so this works in trimmed and NativeAOT applications.</remarks>
    public static IHttpClientBuilder AddClient<TService, TClient, TOptions>(
        IServiceCollection services, string name, IConfiguration configuration, Func<TOptions, HttpClient, TClient> createClient)
        where TService : class
        where TClient : class, TService
        where TOptions : AwsClientOptions, new()
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(createClient);
        services.AddOptions();
        services.AddSingleton<IConfigureOptions<TOptions>>(
            new ConfigureNamedOptions<TOptions>(name, options => AwsClientConfigurationBinder.Bind(configuration, options, typeof(TOptions).Name)));
        services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(new ConfigurationChangeTokenSource<TOptions>(name, configuration));
        return AddCore<TService, TClient, TOptions>(services, name, createClient);
    }

    /// <summary>
    /// The name of the HttpClient a registration uses: the client class's full name (for example
    /// <c>Neptune.Data.NeptuneDataClient</c>), followed by <c>:</c> and the registration's name when it has one.
    /// </summary>
    /// <param name="clientType">The client's class.</param>
    /// <param name="name">The registration's name; empty for the unnamed one.</param>
    public static string GetHttpClientName(Type clientType, string name)
    {
        ArgumentNullException.ThrowIfNull(clientType);
        ArgumentNullException.ThrowIfNull(name);
        var typeName = clientType.FullName ?? clientType.Name;
        return name.Length == 0 ? typeName : $"{typeName}:{name}";
    }

    private static IHttpClientBuilder AddCore<TService, TClient, TOptions>(IServiceCollection services, string name, Func<TOptions, HttpClient, TClient> createClient)
        where TService : class
        where TClient : class, TService
        where TOptions : AwsClientOptions, new()
    {
        var httpClientName = GetHttpClientName(typeof(TClient), name);
        var builder = services.AddHttpClient(httpClientName);
        var registered = services.Any(d => !d.IsKeyedService && d.ServiceType == typeof(IHttpMessageHandlerBuilderFilter)
            && d.ImplementationInstance is SigningHandlerFilter filter && filter.HttpClientName == httpClientName);
        if (registered)
        {
            // A second call for the same name only adds its configuration (options actions run in registration order).
            return builder;
        }

        builder.ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<IHttpMessageHandlerBuilderFilter>(new SigningHandlerFilter(httpClientName));
        services.AddSingleton<IValidateOptions<TOptions>>(new AwsClientOptionsValidator<TOptions>(name));

        var options = new PreparedClientOptions<TOptions>(name);
        TClient Create(IServiceProvider provider) =>
            createClient(options.Get(provider), provider.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName));

        if (name.Length == 0)
        {
            services.TryAddTransient(Create);
            services.TryAddTransient<TService>(static provider => provider.GetRequiredService<TClient>());
        }
        else
        {
            services.TryAddKeyedTransient(name, (provider, _) => Create(provider));
            services.TryAddKeyedTransient<TService>(name, static (provider, key) => provider.GetRequiredKeyedService<TClient>(key));
        }

        return builder;
    }
}
