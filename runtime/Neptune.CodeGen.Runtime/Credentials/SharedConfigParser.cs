using System;
using System.Collections.Generic;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// Parses the shared AWS config and credentials files (INI-like) following the cross-SDK rules: in the config file a
/// profile section is <c>[profile name]</c> or <c>[default]</c> (and <c>[profile default]</c> beats <c>[default]</c>); in
/// the credentials file it is <c>[name]</c>. Lines starting with <c>#</c> or <c>;</c> are comments, and so is the rest of a
/// value after white space and <c>#</c> or <c>;</c>. An indented line continues the previous value. In the config file,
/// <c>[sso-session name]</c> sections are kept apart from the profiles. Other sections (<c>[services x]</c>), invalid
/// profile names and malformed lines are skipped, not fatal.
/// </summary>
internal static class SharedConfigParser
{
    /// <summary>Profile name → properties (property names compare without regard to case).</summary>
    public static Dictionary<string, Dictionary<string, string>> Parse(string text, bool isConfigFile) => ParseFile(text, isConfigFile).Profiles;

    /// <summary>The profiles and the <c>[sso-session name]</c> sections of one file.</summary>
    public static ParsedConfigFile ParseFile(string text, bool isConfigFile)
    {
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var ssoSessions = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        string? lastKey = null;

        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            if (trimmed[0] == '[')
            {
                lastKey = null;
                current = null;
                if (isConfigFile && SsoSessionName(trimmed) is { } sessionName)
                {
                    if (!ssoSessions.TryGetValue(sessionName, out current))
                    {
                        ssoSessions[sessionName] = current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    }

                    continue;
                }

                var name = SectionName(trimmed, isConfigFile);
                if (name is not null)
                {
                    if (!sections.TryGetValue(name, out current))
                    {
                        sections[name] = current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    }
                }

                continue;
            }

            if (current is null)
            {
                continue;
            }

            if (char.IsWhiteSpace(line[0]) && lastKey is not null)
            {
                current[lastKey] = current[lastKey].Length == 0 ? StripComment(trimmed) : current[lastKey] + "\n" + StripComment(trimmed);
                continue;
            }

            var equals = trimmed.IndexOf('=');
            if (equals <= 0)
            {
                lastKey = null;
                continue;
            }

            lastKey = trimmed[..equals].Trim();
            current[lastKey] = StripComment(trimmed[(equals + 1)..]);
        }

        // "[profile default]" wins over "[default]" as a whole; the keys are not merged.
        if (isConfigFile && sections.Remove(ProfileDefaultMarker, out var explicitDefault))
        {
            sections["default"] = explicitDefault;
        }

        return new ParsedConfigFile(sections, ssoSessions);
    }

    private const string ProfileDefaultMarker = "\0profile default";

    private static string? SectionName(string header, bool isConfigFile)
    {
        var close = header.IndexOf(']');
        if (close < 0 || !IsBlankOrComment(header[(close + 1)..]))
        {
            return null;
        }

        var inner = header[1..close].Trim();
        if (!isConfigFile)
        {
            return IsValidProfileName(inner) ? inner : null;
        }

        if (inner == "default")
        {
            return "default";
        }

        if (inner.StartsWith("profile", StringComparison.Ordinal) && inner.Length > 7 && char.IsWhiteSpace(inner[7]))
        {
            var name = inner[7..].Trim();
            if (name == "default")
            {
                return ProfileDefaultMarker;
            }

            return IsValidProfileName(name) ? name : null;
        }

        return null;
    }

    private static string? SsoSessionName(string header)
    {
        const string Prefix = "sso-session";
        var close = header.IndexOf(']');
        if (close < 0 || !IsBlankOrComment(header[(close + 1)..]))
        {
            return null;
        }

        var inner = header[1..close].Trim();
        if (!inner.StartsWith(Prefix, StringComparison.Ordinal) || inner.Length <= Prefix.Length || !char.IsWhiteSpace(inner[Prefix.Length]))
        {
            return null;
        }

        var name = inner[Prefix.Length..].Trim();
        return IsValidProfileName(name) ? name : null;
    }

    private static bool IsBlankOrComment(string rest)
    {
        var trimmed = rest.Trim();
        return trimmed.Length == 0 || trimmed[0] is '#' or ';';
    }

    private static string StripComment(string value)
    {
        for (var i = 1; i < value.Length; i++)
        {
            if (value[i] is '#' or ';' && char.IsWhiteSpace(value[i - 1]))
            {
                return value[..i].Trim();
            }
        }

        return value.Trim();
    }

    private static bool IsValidProfileName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '/' or '.' or '%' or '@' or ':' or '+'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>What one shared file holds: profiles, and (config file only) <c>[sso-session name]</c> sections.</summary>
internal sealed record ParsedConfigFile(
    Dictionary<string, Dictionary<string, string>> Profiles,
    Dictionary<string, Dictionary<string, string>> SsoSessions);
