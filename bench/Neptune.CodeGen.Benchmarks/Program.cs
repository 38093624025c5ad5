using BenchmarkDotNet.Running;
using Neptune.CodeGen.Benchmarks;

// dotnet run -c Release --project bench/Neptune.CodeGen.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
