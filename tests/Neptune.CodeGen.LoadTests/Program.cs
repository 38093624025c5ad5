using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;

namespace Neptune.CodeGen.LoadTests;

/// <summary>
/// The full load run: <c>dotnet run -c Release --project tests/Neptune.CodeGen.LoadTests -- --calls 10000 --concurrency 256 --expire-every 2</c>.
/// Prints one Markdown table row per scenario; exits with 1 when a call was lost, a signature rejected, or the
/// credentials were refreshed other than once per expiry.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var calls = 10_000;
        var concurrency = 256;
        var expireEvery = 2.0;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--calls" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c > 0:
                    calls = c;
                    i++;
                    break;
                case "--concurrency" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                    concurrency = n;
                    i++;
                    break;
                case "--expire-every" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0:
                    expireEvery = s;
                    i++;
                    break;
                default:
                    Console.Error.WriteLine($"Unknown or invalid argument '{args[i]}'.");
                    Console.Error.WriteLine("Usage: [--calls N (10000)] [--concurrency N (256)] [--expire-every SECONDS (2)]");
                    return 2;
            }
        }

        var options = new LoadOptions(calls, concurrency, ExpireEvery: TimeSpan.FromSeconds(expireEvery));
        Console.WriteLine($"{calls} calls, {concurrency} concurrent callers, credentials expiring every {expireEvery.ToString(CultureInfo.InvariantCulture)} s in the expiring scenarios; {Environment.ProcessorCount} CPUs, .NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine("| scenario | lost | signatures rejected | requests | expiries | refreshes | not due / overlapping / expired used | p50 ms | p99 ms | seconds | allocated B/call | managed MB before / after |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        var failed = false;
        foreach (var scenario in LoadScenario.All)
        {
            var f = await LoadRunner.RunAsync(scenario, options);
            var refreshProblems = (f.RefreshesNotDue ?? 0) + (f.OverlappingRefreshes ?? 0) + (f.ExpiredCredentialsUsed ?? 0);
            failed |= f.Lost > 0 || f.SignaturesRejected > 0 || refreshProblems > 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {f.Scenario} | {f.Lost} | {f.SignaturesRejected} | {f.RequestsReceived} | {f.Expiries?.ToString(CultureInfo.InvariantCulture) ?? "-"} | " +
                $"{f.Refreshes?.ToString(CultureInfo.InvariantCulture) ?? "-"} | " +
                $"{(f.Refreshes is null ? "-" : $"{f.RefreshesNotDue} / {f.OverlappingRefreshes} / {f.ExpiredCredentialsUsed}")} | " +
                $"{f.P50Milliseconds:F2} | {f.P99Milliseconds:F2} | {f.ElapsedSeconds:F1} | {f.AllocatedBytesPerCall:N0} | " +
                $"{f.ManagedBytesBefore / 1048576.0:F1} / {f.ManagedBytesAfter / 1048576.0:F1} |"));
            if (f.Failures.Length > 0)
            {
                Console.WriteLine($"  failures: {f.Failures}");
            }
        }

        return failed ? 1 : 0;
    }
}
