using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// dotnet run -c Release --project tests/MicroBenchmarks -- --filter '*'   (or a class name, e.g. '*LogAppend*')
// In-process toolchain: no child project is generated and built, which keeps a run short on a shared
// 2-core machine and works on runtimes newer than this BenchmarkDotNet release knows by name.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(ChatDb.MicroBenchmarks.SerializationBenchmarks).Assembly).Run(args, config);
