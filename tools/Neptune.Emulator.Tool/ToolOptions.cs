using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;

namespace Neptune.Emulator.Tool;

/// <summary>The command line of <c>neptune-emulator</c>.</summary>
internal sealed record ToolOptions
{
    public const string Usage = """
        Usage: neptune-emulator [options]

          --port <n>              Loopback port to listen on (default 8182; 0 picks a free port).
          --region <name>         Region the SigV4 credential scope must name (default us-east-1).
          --access-key <id>       Access key id to accept; give it with --secret-key. Default: a generated pair.
          --secret-key <secret>   Secret access key to accept.
          --session-token <t>     Require this session token (X-Amz-Security-Token).
          --no-auth               Accept unsigned requests (no SigV4 verification).
          --ml-job-duration <s>   Seconds an ML job runs before it completes (default 300).
          --load-duration <s>     Seconds a bulk load runs (default 60).
          --help                  Show this help.
        """;

    public int Port { get; init; } = 8182;

    public string Region { get; init; } = "us-east-1";

    public string? AccessKey { get; init; }

    public string? SecretKey { get; init; }

    public string? SessionToken { get; init; }

    public bool NoAuth { get; init; }

    public TimeSpan MlJobDuration { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan LoadDuration { get; init; } = TimeSpan.FromMinutes(1);

    public bool Help { get; init; }

    /// <summary>Parses the arguments; on a mistake returns null and a message that says how to fix it.</summary>
    public static ToolOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var options = new ToolOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                return options with { Help = true };
            }

            if (name == "--no-auth")
            {
                options = options with { NoAuth = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value.";
                return null;
            }

            var value = args[++i];
            switch (name)
            {
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535:
                    options = options with { Port = port };
                    break;
                case "--port":
                    error = $"--port must be a number from 0 to 65535, not '{value}'.";
                    return null;
                case "--region" when value.Length > 0:
                    options = options with { Region = value };
                    break;
                case "--access-key" when value.Length > 0:
                    options = options with { AccessKey = value };
                    break;
                case "--secret-key" when value.Length > 0:
                    options = options with { SecretKey = value };
                    break;
                case "--session-token" when value.Length > 0:
                    options = options with { SessionToken = value };
                    break;
                case "--ml-job-duration" or "--load-duration" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0:
                    options = name == "--ml-job-duration"
                        ? options with { MlJobDuration = TimeSpan.FromSeconds(seconds) }
                        : options with { LoadDuration = TimeSpan.FromSeconds(seconds) };
                    break;
                default:
                    error = name.StartsWith("--", StringComparison.Ordinal) && Array.IndexOf(KnownOptions, name) >= 0
                        ? $"Invalid value '{value}' for {name}."
                        : $"Unknown option '{name}'.";
                    return null;
            }
        }

        if ((options.AccessKey is null) != (options.SecretKey is null))
        {
            error = "Give --access-key and --secret-key together, or neither (a pair is then generated).";
            return null;
        }

        return options;
    }

    /// <summary>The emulator options, with a freshly generated key pair when none was given.</summary>
    public NeptuneEmulatorOptions ToEmulatorOptions() => new()
    {
        Port = Port,
        Region = Region,
        AccessKeyId = AccessKey ?? "AKIA" + Random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
        SecretAccessKey = SecretKey ?? Random(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
        SessionToken = SessionToken,
        VerifySignatures = !NoAuth,
        MlJobDuration = MlJobDuration,
        LoadJobDuration = LoadDuration,
    };

    private static readonly string[] KnownOptions =
        ["--port", "--region", "--access-key", "--secret-key", "--session-token", "--ml-job-duration", "--load-duration"];

    private static string Random(int length, string alphabet) => RandomNumberGenerator.GetString(alphabet, length);
}
