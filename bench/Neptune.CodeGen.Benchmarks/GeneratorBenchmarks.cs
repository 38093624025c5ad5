using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.CodeAnalysis;
using Neptune.CodeGen.Benchmarks.Generators;
using Perfolizer.Horology;

namespace Neptune.CodeGen.Benchmarks;

/// <summary>
/// The generator benchmarks' job: in the benchmark's own process (no generated project to build, no process per
/// benchmark), iterations of at least 250 ms, with allocations measured.
/// </summary>
public abstract class GeneratorJobConfig : ManualConfig
{
    protected GeneratorJobConfig(string id, int warmups, int iterations)
    {
        AddJob(Job.Default.WithId(id).WithWarmupCount(warmups).WithIterationCount(iterations)
            .WithIterationTime(TimeInterval.FromMilliseconds(250)).WithToolchain(InProcessEmitToolchain.Instance));
        AddDiagnoser(MemoryDiagnoser.Default);
        WithOption(ConfigOptions.KeepBenchmarkFiles, false);
    }
}

/// <summary>
/// One warm-up and five iterations: enough for ratios within one run; Refit's runs at 4000 operations take seconds each,
/// and this keeps every class within minutes on a small shared machine.
/// </summary>
public sealed class GeneratorBenchmarkConfig() : GeneratorJobConfig("Generator", warmups: 1, iterations: 5);

/// <summary>
/// For runs that take microseconds (nothing changed, a C# edit): five warm-ups and fifteen iterations, as a five-iteration
/// run of a 5 µs operation moved by 2× from run to run.
/// </summary>
public sealed class GeneratorSteadyStateConfig() : GeneratorJobConfig("GeneratorSteady", warmups: 5, iterations: 15);

/// <summary>Builds only the scenario the running benchmark needs (each runs in its own process), from the spec set param.</summary>
public abstract class GeneratorBenchmarkBase
{
    public static IEnumerable<SpecSet> SpecSets => SpecSet.All;

    /// <summary>The synthetic service's operation count, or the repository's specs.</summary>
    [ParamsSource(nameof(SpecSets))]
    public SpecSet Specs { get; set; } = SpecSet.Real;

    protected GeneratorScenario Scenario { get; private set; } = null!;

    protected void Setup(GeneratorKind kind, bool warm) => Scenario = GeneratorScenario.Create(kind, Specs, warm);
}

/// <summary>
/// A generator's first run over a project: a new driver, N spec files (Refit: one interface of N methods). Refit 16.4 is
/// the baseline; the floor is what reading N additional files costs the driver.
/// </summary>
[Config(typeof(GeneratorBenchmarkConfig))]
public class GeneratorFullRunBenchmarks : GeneratorBenchmarkBase
{
    [GlobalSetup(Target = nameof(Refit))]
    public void SetupRefit() => Setup(GeneratorKind.Refit, warm: false);

    [GlobalSetup(Target = nameof(Neptune))]
    public void SetupNeptune() => Setup(GeneratorKind.Neptune, warm: false);

    [GlobalSetup(Target = nameof(Floor))]
    public void SetupFloor() => Setup(GeneratorKind.Floor, warm: false);

    [Benchmark(Baseline = true, Description = "Refit 16.4")]
    public GeneratorDriver Refit() => Scenario.FullRun();

    [Benchmark(Description = "Neptune.CodeGen")]
    public GeneratorDriver Neptune() => Scenario.FullRun();

    [Benchmark(Description = "Floor")]
    public GeneratorDriver Floor() => Scenario.FullRun();
}

/// <summary>
/// What the IDE does on every keystroke in a file the generator does not read: a run with nothing changed. The floor (the
/// driver reading N files and doing nothing) is the baseline; the floor that also emits one one-line file per spec shows
/// what the driver costs per generated file.
/// </summary>
[Config(typeof(GeneratorSteadyStateConfig))]
public class GeneratorNoChangeBenchmarks : GeneratorBenchmarkBase
{
    [GlobalSetup(Target = nameof(Floor))]
    public void SetupFloor() => Setup(GeneratorKind.Floor, warm: true);

    [GlobalSetup(Target = nameof(FloorWithFiles))]
    public void SetupFloorWithFiles() => Setup(GeneratorKind.FloorWithFiles, warm: true);

    [GlobalSetup(Target = nameof(Neptune))]
    public void SetupNeptune() => Setup(GeneratorKind.Neptune, warm: true);

    [GlobalSetup(Target = nameof(Refit))]
    public void SetupRefit() => Setup(GeneratorKind.Refit, warm: true);

    [Benchmark(Baseline = true, Description = "Floor")]
    public GeneratorDriver Floor() => Scenario.NoChange();

    [Benchmark(Description = "Floor + one 1-line file per spec")]
    public GeneratorDriver FloorWithFiles() => Scenario.NoChange();

    [Benchmark(Description = "Neptune.CodeGen")]
    public GeneratorDriver Neptune() => Scenario.NoChange();

    [Benchmark(Description = "Refit 16.4")]
    public GeneratorDriver Refit() => Scenario.NoChange();
}

/// <summary>A run after a keystroke in one C# file of the project (the generators read no C#, except Refit's).</summary>
[Config(typeof(GeneratorSteadyStateConfig))]
public class GeneratorCSharpEditBenchmarks : GeneratorBenchmarkBase
{
    [GlobalSetup(Target = nameof(Floor))]
    public void SetupFloor() => Setup(GeneratorKind.Floor, warm: true);

    [GlobalSetup(Target = nameof(Neptune))]
    public void SetupNeptune() => Setup(GeneratorKind.Neptune, warm: true);

    [GlobalSetup(Target = nameof(Refit))]
    public void SetupRefit() => Setup(GeneratorKind.Refit, warm: true);

    [Benchmark(Baseline = true, Description = "Floor")]
    public GeneratorDriver Floor() => Scenario.CSharpEdit();

    [Benchmark(Description = "Neptune.CodeGen")]
    public GeneratorDriver Neptune() => Scenario.CSharpEdit();

    [Benchmark(Description = "Refit 16.4")]
    public GeneratorDriver Refit() => Scenario.CSharpEdit();
}

/// <summary>
/// A run after one spec changed (a different IAM action, so one generated file changes; for Refit, one method's route in
/// the interface). The baseline is Neptune.CodeGen's own full run at the same N, so the ratio is the fraction of a full run.
/// </summary>
[Config(typeof(GeneratorBenchmarkConfig))]
public class GeneratorSpecEditBenchmarks : GeneratorBenchmarkBase
{
    [GlobalSetup(Targets = new[] { nameof(NeptuneFullRun), nameof(NeptuneSpecEdit) })]
    public void SetupNeptune() => Setup(GeneratorKind.Neptune, warm: true);

    [GlobalSetup(Target = nameof(FloorSpecEdit))]
    public void SetupFloor() => Setup(GeneratorKind.Floor, warm: true);

    [GlobalSetup(Target = nameof(RefitSpecEdit))]
    public void SetupRefit() => Setup(GeneratorKind.Refit, warm: true);

    [Benchmark(Baseline = true, Description = "Neptune.CodeGen full run")]
    public GeneratorDriver NeptuneFullRun() => Scenario.FullRun();

    [Benchmark(Description = "Neptune.CodeGen one-spec edit")]
    public GeneratorDriver NeptuneSpecEdit() => Scenario.SpecEdit();

    [Benchmark(Description = "Floor one-spec edit")]
    public GeneratorDriver FloorSpecEdit() => Scenario.SpecEdit();

    [Benchmark(Description = "Refit 16.4 one-method edit")]
    public GeneratorDriver RefitSpecEdit() => Scenario.SpecEdit();
}
