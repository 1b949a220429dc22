using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Palisade.Benchmarks -- --filter '*'` runs every benchmark;
// BenchmarkDotNet's own options (--job short, --filter) apply. See docs/benchmarks.md.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
