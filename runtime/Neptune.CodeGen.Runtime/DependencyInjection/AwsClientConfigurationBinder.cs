using System;
using System.Globalization;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Neptune.CodeGen.Runtime.Retries;

namespace Neptune.CodeGen.Runtime.DependencyInjection;

/// <summary>
/// Reads <see cref="AwsClientOptions"/> from a configuration section by hand (no reflection, so it is trim- and AOT-safe).
/// Keys are case-insensitive, as everywhere in configuration. A key that is not a setting, or a value that cannot be read,
/// is an error naming its configuration path, so a typo is not silently ignored.
/// </summary>
internal static class AwsClientConfigurationBinder
{
    private const string RetrySection = "Retry";

    private static readonly string[] TopLevelKeys =
        [nameof(AwsClientOptions.Endpoint), nameof(AwsClientOptions.Region), nameof(AwsClientOptions.AttemptTimeout), nameof(AwsClientOptions.OperationTimeout),
         nameof(AwsClientOptions.MaxResponseBufferSize), RetrySection];

    private static readonly string[] RetryKeys =
        [nameof(RetryOptions.MaxAttempts), nameof(RetryOptions.Mode), nameof(RetryOptions.Use2026Behavior), nameof(RetryOptions.MaxBackoff), nameof(RetryOptions.BaseDelay)];

    /// <exception cref="InvalidOperationException">A key is unknown or a value cannot be read.</exception>
    public static void Bind(IConfiguration configuration, AwsClientOptions options, string optionsTypeName)
    {
        CheckKeys(configuration, TopLevelKeys, optionsTypeName);
        if (Value(configuration, nameof(AwsClientOptions.Endpoint)) is { } endpoint)
        {
            options.Endpoint = Uri.TryCreate(endpoint.Text, UriKind.Absolute, out var uri)
                ? uri
                : throw Invalid(endpoint, "an absolute http or https URL, for example https://my-cluster:8182");
        }

        if (Value(configuration, nameof(AwsClientOptions.Region)) is { } region)
        {
            options.Region = region.Text;
        }

        if (Value(configuration, nameof(AwsClientOptions.AttemptTimeout)) is { } attemptTimeout)
        {
            options.AttemptTimeout = ReadTimeout(attemptTimeout);
        }

        if (Value(configuration, nameof(AwsClientOptions.OperationTimeout)) is { } operationTimeout)
        {
            options.OperationTimeout = ReadTimeout(operationTimeout);
        }

        if (Value(configuration, nameof(AwsClientOptions.MaxResponseBufferSize)) is { } maxBuffer)
        {
            options.MaxResponseBufferSize = int.TryParse(maxBuffer.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0
                ? bytes
                : throw Invalid(maxBuffer, "a positive number of bytes, for example 67108864");
        }

        var retry = configuration.GetSection(RetrySection);
        if (!retry.GetChildren().Any())
        {
            return;
        }

        CheckKeys(retry, RetryKeys, optionsTypeName + "." + RetrySection);
        options.Retry ??= new RetryOptions();
        if (Value(retry, nameof(RetryOptions.MaxAttempts)) is { } maxAttempts)
        {
            options.Retry.MaxAttempts = int.TryParse(maxAttempts.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var attempts)
                ? attempts
                : throw Invalid(maxAttempts, "a whole number of at least 1 (1 means no retries)");
        }

        if (Value(retry, nameof(RetryOptions.Mode)) is { } mode)
        {
            options.Retry.Mode = mode.Text.ToLowerInvariant() switch
            {
                "standard" => RetryMode.Standard,
                "adaptive" => RetryMode.Adaptive,
                "legacy" => RetryMode.Legacy,
                _ => throw Invalid(mode, "standard, adaptive or legacy"),
            };
        }

        if (Value(retry, nameof(RetryOptions.Use2026Behavior)) is { } use2026)
        {
            options.Retry.Use2026Behavior = bool.TryParse(use2026.Text, out var flag) ? flag : throw Invalid(use2026, "true or false");
        }

        if (Value(retry, nameof(RetryOptions.MaxBackoff)) is { } maxBackoff)
        {
            options.Retry.MaxBackoff = ReadTimeSpan(maxBackoff);
        }

        if (Value(retry, nameof(RetryOptions.BaseDelay)) is { } baseDelay)
        {
            options.Retry.BaseDelay = ReadTimeSpan(baseDelay);
        }
    }

    private static void CheckKeys(IConfiguration section, string[] known, string owner)
    {
        foreach (var child in section.GetChildren())
        {
            if (known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var hint = string.Equals(child.Key, nameof(AwsClientOptions.Credentials), StringComparison.OrdinalIgnoreCase)
                ? " Credentials are never read from configuration: set Credentials in code, or leave it null for the AWS default chain (environment, web identity, profile, container, instance metadata)."
                : string.Empty;
            throw new InvalidOperationException(
                $"The configuration key '{child.Path}' is not a setting of {owner}; the settings are {string.Join(", ", known)}.{hint}");
        }
    }

    private static ConfigurationValue? Value(IConfiguration section, string key)
    {
        var child = section.GetSection(key);
        return string.IsNullOrWhiteSpace(child.Value) ? null : new ConfigurationValue(child.Path, child.Value.Trim());
    }

    private static TimeSpan ReadTimeout(ConfigurationValue value) =>
        string.Equals(value.Text, "Infinite", StringComparison.OrdinalIgnoreCase) ? System.Threading.Timeout.InfiniteTimeSpan : ReadTimeSpan(value);

    private static TimeSpan ReadTimeSpan(ConfigurationValue value) =>
        TimeSpan.TryParse(value.Text, CultureInfo.InvariantCulture, out var span)
            ? span
            : throw Invalid(value, "a time span such as 00:00:30");

    private static InvalidOperationException Invalid(ConfigurationValue value, string expected) =>
        new($"The configuration value '{value.Path}' is '{value.Text}': expected {expected}.");

    private sealed record ConfigurationValue(string Path, string Text);
}
