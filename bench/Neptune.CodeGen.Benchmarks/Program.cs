using System;
using System.Diagnostics;
using BenchmarkDotNet.Running;
using Neptune.CodeGen.Benchmarks;
using Neptune.CodeGen.Benchmarks.Generators;

// dotnet run -c Release --project bench/Neptune.CodeGen.Benchmarks -- --filter '*'
if (args.Length > 0 && args[0] == "probe")
{
    foreach (var n in new[] { 43, 250, 1000, 4000 })
    {
        foreach (var kind in new[] { GeneratorKind.Neptune, GeneratorKind.Floor })
        {
            var s = GeneratorScenario.Create(kind, SpecSet.Synthetic(n), warm: true);
            double Time(Func<object> f, int reps) { f(); var sw = Stopwatch.StartNew(); for (var i = 0; i < reps; i++) f(); return sw.Elapsed.TotalMilliseconds / reps; }
            GC.Collect();
            var nc = Time(s.NoChange, 200);
            GC.Collect();
            var cs = Time(s.CSharpEdit, 200);
            Console.WriteLine($"{kind} N={n}: nochange {nc:F3} ms, csedit {cs:F3} ms, specedit {Time(s.SpecEdit, 5):F2} ms, full {Time(s.FullRun, 2):F2}");
        }
    }
    return;
}
if (args.Length > 0 && args[0] == "trees")
{
    var s = GeneratorScenario.Create(GeneratorKind.Neptune, SpecSet.Synthetic(250), warm: true);
    var a = s.NoChange().GetRunResult().Results[0].GeneratedSources;
    var b = s.NoChange().GetRunResult().Results[0].GeneratedSources;
    Console.WriteLine($"same tree: {ReferenceEquals(a[5].SyntaxTree, b[5].SyntaxTree)}, same text: {ReferenceEquals(a[5].SourceText, b[5].SourceText)}");
    foreach (var f in typeof(Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver).GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)) Console.WriteLine(f.Name);
    var sw = Stopwatch.StartNew(); for (var i = 0; i < 50; i++) s.NoChange(); Console.WriteLine("nochange " + sw.Elapsed.TotalMilliseconds / 50);
    var po = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest);
    Console.WriteLine("chars " + System.Linq.Enumerable.Sum(a, x => x.SourceText.Length));
    sw = Stopwatch.StartNew(); for (var i = 0; i < 50; i++) foreach (var x in a) Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(x.SourceText, po); Console.WriteLine("parse " + sw.Elapsed.TotalMilliseconds / 50);
    var r = GeneratorScenario.Create(GeneratorKind.Refit, SpecSet.Synthetic(250), warm: true);
    sw = Stopwatch.StartNew(); for (var i = 0; i < 50; i++) r.NoChange(); Console.WriteLine("refit nochange " + sw.Elapsed.TotalMilliseconds / 50);
    Console.WriteLine("refit chars " + System.Linq.Enumerable.Sum(r.NoChange().GetRunResult().Results[0].GeneratedSources, x => x.SourceText.Length));
    return;
}
if (args.Length > 0 && args[0] == "steps")
{
    var s = GeneratorScenario.Create(GeneratorKind.Neptune, SpecSet.Synthetic(int.Parse(args[1])), warm: true);
    foreach (var (name, run) in new (string, Func<Microsoft.CodeAnalysis.GeneratorDriver>)[] { ("nochange", s.NoChange), ("csedit", s.CSharpEdit), ("specedit", s.SpecEdit) })
    {
        var r = run().GetRunResult().Results[0];
        Console.WriteLine(name);
        foreach (var step in r.TrackedSteps)
        {
            var reasons = string.Join(",", System.Linq.Enumerable.Select(System.Linq.Enumerable.GroupBy(System.Linq.Enumerable.SelectMany(step.Value, x => x.Outputs), o => o.Reason), g => g.Key + "=" + System.Linq.Enumerable.Count(g)));
            var ms = System.Linq.Enumerable.Sum(step.Value, x => x.ElapsedTime.TotalMilliseconds);
            Console.WriteLine($"  {step.Key}: {step.Value.Length} steps, {ms:F2} ms, {reasons}");
        }
    }
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
