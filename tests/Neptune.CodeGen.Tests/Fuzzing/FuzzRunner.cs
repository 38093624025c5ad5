using System;
using System.Globalization;
using System.Threading.Tasks;
using CsCheck;
using Xunit.Sdk;

namespace Neptune.CodeGen.Tests.Fuzzing;

/// <summary>
/// Runs a property over cases that CsCheck generates from a fixed seed, so CI sees the same cases every run.
/// Case <c>i</c> comes from the PCG state <c>(stream, seed + i)</c>, whatever the thread count. On a failure, CsCheck's
/// <see cref="Check.Sample{T}(Gen{T}, Action{T}, Action{string}?, string?, long, int, int, Func{T, string}?, ISampleLogger?)"/>
/// is started from the failing case's seed to shrink it, and the test fails with the case, the shrunk case and the seed.
/// </summary>
/// <remarks>
/// <c>NEPTUNE_FUZZ_ITERATIONS</c> sets the number of cases per property (default <see cref="DefaultIterations"/>),
/// <c>NEPTUNE_FUZZ_SEED</c> the base seed (default <see cref="DefaultSeed"/>). See docs/fuzzing.md.
/// </remarks>
internal static class FuzzRunner
{
    public const string IterationsVariable = "NEPTUNE_FUZZ_ITERATIONS";
    public const string SeedVariable = "NEPTUNE_FUZZ_SEED";
    public const int DefaultIterations = 100;
    public const ulong DefaultSeed = 20261204;

    /// <summary>How many random cases CsCheck tries, after the failing one, looking for a smaller failure.</summary>
    private const int ShrinkIterations = 300;

    public static int Iterations => ReadVariable(IterationsVariable, DefaultIterations, t => int.Parse(t, CultureInfo.InvariantCulture));

    public static ulong Seed => ReadVariable(SeedVariable, DefaultSeed, t => ulong.Parse(t, CultureInfo.InvariantCulture));

    /// <summary>Runs <paramref name="property"/> over <paramref name="scale"/> × <see cref="Iterations"/> cases.</summary>
    public static void Run<T>(Gen<T> gen, Action<T> property, Func<T, string> print, uint stream, double scale = 1)
    {
        var iterations = Math.Max(1, (int)(Iterations * scale));
        var seed = Seed;
        var failure = (Index: int.MaxValue, Seed: string.Empty, Message: (string?)null);
        var gate = new object();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) };
        Parallel.For(0, iterations, parallel, (i, state) =>
        {
            var pcg = new PCG(stream, seed + (ulong)i);
            var seedText = pcg.ToString();
            var value = gen.Generate(pcg, null, out _);
            try
            {
                property(value);
            }
            catch (Exception exception)
            {
                var message = $"Case {i} (CsCheck seed {seedText}) failed: {exception.Message}{Environment.NewLine}--- input ---{Environment.NewLine}{print(value)}";
                lock (gate)
                {
                    if (i < failure.Index)
                    {
                        failure = (i, seedText, message);
                    }
                }

                state.Stop();
            }
        });

        if (failure.Message is null)
        {
            return;
        }

        throw new XunitException(failure.Message + Environment.NewLine + "--- shrunk by CsCheck ---" + Environment.NewLine + Shrink(gen, property, print, failure.Seed));
    }

    private static string Shrink<T>(Gen<T> gen, Action<T> property, Func<T, string> print, string seedText)
    {
        try
        {
            gen.Sample(property, seed: seedText, iter: ShrinkIterations, threads: 1, print: print);
            return "(CsCheck did not reproduce the failure)";
        }
        catch (CsCheckException exception)
        {
            return exception.Message + Environment.NewLine + exception.InnerException?.Message;
        }
    }

    private static TValue ReadVariable<TValue>(string name, TValue fallback, Func<string, TValue> parse)
    {
        var text = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(text) ? fallback : parse(text.Trim());
    }
}
