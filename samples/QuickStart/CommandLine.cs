using System;

namespace QuickStart;

/// <summary>The sample's arguments: none (local emulator), or a real cluster's endpoint and region.</summary>
internal sealed record CommandLine(Uri? Endpoint, string? Region, string JobId)
{
    public const string Usage =
        """
        Usage:
          dotnet run --project samples/QuickStart
              Starts a local Neptune emulator and runs the sample against it: cancels a training job (with a wire
              log), shows the typed error for an unknown job, runs a bulk load, a Gremlin query and a Neptune ML
              data-processing -> training -> transform pipeline, each followed to its end, and resolves the client
              through dependency injection.
          dotnet run --project samples/QuickStart -- --endpoint https://<cluster>:8182 --region <region> [--job-id <id>]
              Cancels a model-training job on a real cluster (default id: job-1), signing with the credentials
              in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (or the rest of the AWS default
              chain: shared profile, container or instance credentials).
        """;

    public static bool TryParse(string[] args, out CommandLine commandLine, out string error)
    {
        commandLine = new CommandLine(null, null, "job-1");
        error = string.Empty;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "-h" or "--help" or "-?")
            {
                error = "Help requested.";
                return false;
            }

            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error = $"Missing value for '{args[i]}'.";
                return false;
            }

            var value = args[++i];
            switch (args[i - 1])
            {
                case "--endpoint" when Uri.TryCreate(value, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "https" or "http":
                    commandLine = commandLine with { Endpoint = endpoint };
                    break;
                case "--endpoint":
                    error = $"--endpoint must be an absolute http(s) URL, for example https://my-cluster:8182; got '{value}'.";
                    return false;
                case "--region":
                    commandLine = commandLine with { Region = value };
                    break;
                case "--job-id":
                    commandLine = commandLine with { JobId = value };
                    break;
                default:
                    error = $"Unknown argument '{args[i - 1]}'.";
                    return false;
            }
        }

        if ((commandLine.Endpoint is null) != (commandLine.Region is null))
        {
            error = "--endpoint and --region go together: give both for a real cluster, or neither for the local emulator.";
            return false;
        }

        if (commandLine.Endpoint is null && args.Length > 0)
        {
            error = "--job-id needs --endpoint and --region: the local emulator run always uses its own job.";
            return false;
        }

        return true;
    }
}
