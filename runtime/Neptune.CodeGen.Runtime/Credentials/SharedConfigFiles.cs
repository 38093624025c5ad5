using System;
using System.Collections.Generic;
using System.IO;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// Locates and reads the shared config (<c>AWS_CONFIG_FILE</c>, default <c>~/.aws/config</c>) and credentials
/// (<c>AWS_SHARED_CREDENTIALS_FILE</c>, default <c>~/.aws/credentials</c>) files and merges their profiles, the
/// credentials file winning key by key. A file is parsed again only when its time stamp or length changes, so checking
/// it before every request is cheap. Thread-safe.
/// </summary>
internal sealed class SharedConfigFiles
{
    /// <summary>The variable that selects the profile.</summary>
    public const string ProfileVariable = "AWS_PROFILE";

    /// <summary>The profile used when none is selected.</summary>
    public const string DefaultProfileName = "default";

    private readonly AwsEnvironment _environment;
    private readonly Dictionary<string, CachedFile> _cache = new(StringComparer.Ordinal);

    public SharedConfigFiles(AwsEnvironment environment)
    {
        _environment = environment;
    }

    /// <summary>The profile named by <c>AWS_PROFILE</c>, or null when that is not set.</summary>
    public string? SelectedProfileName => _environment.Get(ProfileVariable);

    /// <summary>Reads both files (each may be absent) and merges their profiles.</summary>
    /// <exception cref="AwsCredentialsException">A file exists but cannot be read.</exception>
    public ProfileSet Load()
    {
        var configPath = ResolvePath("AWS_CONFIG_FILE", "config");
        var credentialsPath = ResolvePath("AWS_SHARED_CREDENTIALS_FILE", "credentials");
        var config = Read(configPath, isConfigFile: true);
        var credentials = Read(credentialsPath, isConfigFile: false);

        var merged = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var source in new[] { config, credentials })
        {
            if (source is null)
            {
                continue;
            }

            foreach (var (name, properties) in source.Profiles)
            {
                if (!merged.TryGetValue(name, out var target))
                {
                    merged[name] = target = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                }

                foreach (var (key, value) in properties)
                {
                    target[key] = value;
                }
            }
        }

        return new ProfileSet(merged, configPath, config is not null, credentialsPath, credentials is not null, config?.SsoSessions);
    }

    /// <summary>
    /// Reads only the config file, where settings other than credentials (such as <c>max_attempts</c>) live.
    /// </summary>
    /// <returns>
    /// The file's path (null when no home directory is known) and its profiles (null when the file does not exist).
    /// </returns>
    /// <exception cref="AwsCredentialsException">The file exists but cannot be read.</exception>
    public (string? Path, IReadOnlyDictionary<string, Dictionary<string, string>>? Profiles) LoadConfigFile()
    {
        var path = ResolvePath("AWS_CONFIG_FILE", "config");
        return (path, Read(path, isConfigFile: true)?.Profiles);
    }

    private string? ResolvePath(string variable, string fileName)
    {
        var path = _environment.Get(variable);
        if (path is not null)
        {
            return _environment.ExpandHome(path);
        }

        var home = _environment.ResolveHomeDirectory();
        return home is null ? null : Path.Join(home, ".aws", fileName);
    }

    private ParsedConfigFile? Read(string? path, bool isConfigFile)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return null;
            }

            lock (_cache)
            {
                if (_cache.TryGetValue(path, out var cached) && cached.LastWriteUtc == info.LastWriteTimeUtc && cached.Length == info.Length)
                {
                    return cached.Content;
                }
            }

            var content = SharedConfigParser.ParseFile(File.ReadAllText(path), isConfigFile);
            lock (_cache)
            {
                _cache[path] = new CachedFile(info.LastWriteTimeUtc, info.Length, content);
            }

            return content;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new AwsCredentialsException($"The AWS shared file {path} exists but cannot be read: {exception.Message}", exception);
        }
    }

    private sealed record CachedFile(DateTime LastWriteUtc, long Length, ParsedConfigFile Content);
}

/// <summary>The merged profiles of the shared files, and where they came from (for messages).</summary>
internal sealed record ProfileSet(
    IReadOnlyDictionary<string, Dictionary<string, string>> Profiles,
    string? ConfigPath,
    bool ConfigExists,
    string? CredentialsPath,
    bool CredentialsExists,
    IReadOnlyDictionary<string, Dictionary<string, string>>? SsoSessions = null)
{
    /// <summary>Returns a property of a profile, or null when the profile or the property is missing or blank.</summary>
    public string? Get(string profile, string key) =>
        Profiles.TryGetValue(profile, out var properties) && properties.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : null;

    /// <summary>Whether the config file has an <c>[sso-session name]</c> section.</summary>
    public bool HasSsoSession(string session) => SsoSessions?.ContainsKey(session) == true;

    /// <summary>Returns a property of an <c>[sso-session name]</c> section, or null when the section or the property is missing or blank.</summary>
    public string? GetSsoSession(string session, string key) =>
        SsoSessions is not null && SsoSessions.TryGetValue(session, out var properties) && properties.TryGetValue(key, out var value)
            && !string.IsNullOrWhiteSpace(value)
            ? value
            : null;

    /// <summary>Describes the two files, for example <c>config file /home/u/.aws/config (not found)</c>.</summary>
    public string DescribeFiles() =>
        $"config file {Describe(ConfigPath, ConfigExists)}, credentials file {Describe(CredentialsPath, CredentialsExists)}";

    private static string Describe(string? path, bool exists) =>
        path is null ? "(no home directory)" : exists ? path : path + " (not found)";
}
