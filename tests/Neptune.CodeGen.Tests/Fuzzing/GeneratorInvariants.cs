using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Neptune.CodeGen.Tests.Infrastructure;

namespace Neptune.CodeGen.Tests.Fuzzing;

/// <summary>One spec file given to the generator: its path, its text, and whether the build marks it as a spec.</summary>
internal sealed record FuzzFile(string Path, string Text, bool Marked = true);

/// <summary>
/// Runs the generator over a set of files the way the compiler does and checks the promises that hold for any input:
/// it returns within a bound, nothing escapes (no exception, no NCG9999), every diagnostic lies inside the file it names,
/// and when no error is reported the generated code compiles under the strict settings.
/// Throws <see cref="GeneratorInvariantException"/> naming the broken promise.
/// </summary>
internal static class GeneratorInvariants
{
    /// <summary>
    /// The generator is cancelled after this long. Generous on purpose (a busy CI machine): the point is to catch a hang or
    /// an explosion (seconds to forever), not to measure speed.
    /// </summary>
    public static readonly TimeSpan CancelAfter = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait beyond <see cref="CancelAfter"/> for the generator to notice the cancellation.</summary>
    public static readonly TimeSpan HardLimit = TimeSpan.FromSeconds(30);

    // Generated code already shown to compile (by a hash of its files), so a mutation that only changes a spec's
    // formatting, or changes it into the same output, is not compiled again.
    private static readonly ConcurrentDictionary<string, bool> Compiled = new(StringComparer.Ordinal);

    /// <summary>Runs and checks; returns the run for further assertions.</summary>
    public static GeneratorRunResult Check(IReadOnlyList<FuzzFile> files, bool compile = true)
    {
        var texts = files.Select(f => (AdditionalText)new TestAdditionalText(f.Path, f.Text)).ToList();
        var driver = GeneratorHarness.CreateDriver(texts, files.Where(f => f.Marked).Select(f => f.Path), trackSteps: false);
        var result = RunBounded(driver);
        CheckDiagnostics(result, files.ToDictionary(f => f.Path, f => f.Text, StringComparer.Ordinal));
        if (compile)
        {
            CheckCompiles(result);
        }

        return result;
    }

    /// <summary>Runs the driver on a worker thread, cancelling it after <see cref="CancelAfter"/>.</summary>
    public static GeneratorRunResult RunBounded(GeneratorDriver driver) => RunBounded(ref driver);

    /// <summary>Runs the driver (see <see cref="RunBounded(GeneratorDriver)"/>) and hands back the driver after the run, for the next edit.</summary>
    public static GeneratorRunResult RunBounded(ref GeneratorDriver driver)
    {
        var before = driver;
        using var cancellation = new CancellationTokenSource(CancelAfter);
        var run = Task.Run(() => before.RunGenerators(GeneratorHarness.EmptyCompilation, cancellation.Token));
        if (!run.Wait(HardLimit))
        {
            throw new GeneratorInvariantException($"The generator did not return within {HardLimit.TotalSeconds} s, even after being cancelled at {CancelAfter.TotalSeconds} s (a hang).");
        }

        if (run.IsCanceled || (run.Exception?.InnerException is OperationCanceledException))
        {
            throw new GeneratorInvariantException($"The generator needed more than {CancelAfter.TotalSeconds} s and was cancelled.");
        }

        if (run.Exception is not null)
        {
            throw new GeneratorInvariantException("The driver threw: " + run.Exception.InnerException);
        }

        driver = run.Result;
        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null)
        {
            throw new GeneratorInvariantException("The generator threw (the compiler would report CS8785 and drop all output): " + result.Exception);
        }

        return result;
    }

    /// <summary>No NCG9999, and each diagnostic's span and line/column lie inside the text of a file that was given.</summary>
    public static void CheckDiagnostics(GeneratorRunResult result, IReadOnlyDictionary<string, string> texts)
    {
        foreach (var diagnostic in result.Diagnostics)
        {
            if (diagnostic.Id == "NCG9999")
            {
                throw new GeneratorInvariantException("Generator failure: " + diagnostic);
            }

            var location = diagnostic.Location;
            var lineSpan = location.GetLineSpan();
            if (location.Kind != LocationKind.ExternalFile || !texts.TryGetValue(lineSpan.Path, out var text))
            {
                throw new GeneratorInvariantException($"The diagnostic names no input file ({location.Kind}, '{lineSpan.Path}'): {diagnostic}");
            }

            var source = SourceText.From(text);
            var span = location.SourceSpan;
            if (span.Start < 0 || span.End > source.Length)
            {
                throw new GeneratorInvariantException($"The span {span} lies outside the file ({source.Length} characters): {diagnostic}");
            }

            CheckPosition(source, lineSpan.StartLinePosition, diagnostic);
            CheckPosition(source, lineSpan.EndLinePosition, diagnostic);
            if (lineSpan.EndLinePosition < lineSpan.StartLinePosition)
            {
                throw new GeneratorInvariantException($"The line span ends before it starts: {diagnostic}");
            }

            // The IDE draws the squiggle from the span, the command line prints the line span: both must say the same.
            var expected = source.Lines.GetLinePositionSpan(span);
            if (expected != lineSpan.Span)
            {
                throw new GeneratorInvariantException($"The span {span} is at {expected} but the diagnostic says {lineSpan.Span}: {diagnostic}");
            }
        }
    }

    /// <summary>When the generator reports no error, what it generated compiles with nullable on and warnings as errors.</summary>
    public static void CheckCompiles(GeneratorRunResult result)
    {
        if (result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) || result.GeneratedSources.IsEmpty)
        {
            return;
        }

        var files = result.GeneratedSources
            .Select(s => new GeneratedFile(s.HintName, s.SourceText.ToString()))
            .OrderBy(f => f.HintName, StringComparer.Ordinal)
            .ToList();
        var key = Hash(files);
        if (Compiled.ContainsKey(key))
        {
            return;
        }

        var diagnostics = CompilationHarness.Diagnostics(CompilationHarness.Compile("Fuzzed", files));
        if (!diagnostics.IsEmpty)
        {
            throw new GeneratorInvariantException("No spec error was reported, yet the generated code does not compile:" + Environment.NewLine +
                                                  CompilationHarness.Describe(diagnostics.Take(10)));
        }

        Compiled.TryAdd(key, true);
    }

    private static void CheckPosition(SourceText source, LinePosition position, Diagnostic diagnostic)
    {
        if (position.Line < 0 || position.Line >= source.Lines.Count)
        {
            throw new GeneratorInvariantException($"Line {position.Line + 1} does not exist (the file has {source.Lines.Count}): {diagnostic}");
        }

        var line = source.Lines[position.Line];
        if (position.Character < 0 || position.Character > line.End - line.Start)
        {
            throw new GeneratorInvariantException($"Column {position.Character + 1} lies past the end of line {position.Line + 1} ({line.End - line.Start} characters): {diagnostic}");
        }
    }

    private static string Hash(IEnumerable<GeneratedFile> files)
    {
        var text = string.Concat(files.Select(f => f.HintName + "\0" + f.Text + "\0"));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

/// <summary>A broken generator promise, with what broke it.</summary>
internal sealed class GeneratorInvariantException : Exception
{
    public GeneratorInvariantException(string message)
        : base(message)
    {
    }
}
