using System;
using System.IO;
using System.Linq;

namespace Neptune.CodeGen.EndToEnd.Tests.NativeAot;

/// <summary>
/// Whether this machine can link a NativeAOT binary: on Linux, clang on PATH and zlib's development library (libz.so),
/// the same checks .ci/run makes before it installs them. Other systems are not checked here (the publish reports it).
/// </summary>
internal static class NativeToolchain
{
    /// <summary>Set to <c>1</c> (as .ci/run does) to make a missing toolchain fail the test instead of skipping it.</summary>
    public const string RequiredVariable = "NEPTUNE_REQUIRE_NATIVE_TOOLCHAIN";

    public const string InstallHint =
        "Install it to run this test: sudo apt-get install -y clang zlib1g-dev (Debian/Ubuntu) or sudo dnf install -y clang zlib-devel (Fedora/RHEL).";

    public static bool Required => Environment.GetEnvironmentVariable(RequiredVariable) == "1";

    /// <summary>Why NativeAOT cannot link here, or null when it can (or this system is not checked).</summary>
    public static string? Missing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var missing = new[]
        {
            OnPath("clang") ? null : "clang (the C toolchain NativeAOT links with) is not on PATH.",
            HasZlib() ? null : "zlib's development files (libz.so) are not installed.",
        }.Where(static m => m is not null).ToArray();
        return missing.Length == 0 ? null : "NativeAOT cannot link on this machine: " + string.Join(" ", missing);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));

    private static bool HasZlib() =>
        File.Exists("/usr/lib64/libz.so") || File.Exists("/usr/lib/libz.so")
        || (Directory.Exists("/usr/lib") && Directory.EnumerateDirectories("/usr/lib").Any(static d => File.Exists(Path.Combine(d, "libz.so"))));
}
