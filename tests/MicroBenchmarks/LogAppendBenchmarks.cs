using System.Text;
using BenchmarkDotNet.Attributes;
using ChatDb.Storage.Flatfile.Logs;

namespace ChatDb.MicroBenchmarks;

/// <summary>
/// One append to the message log without fsync (the CPU and write-syscall cost of the hot path; the
/// fsync cost is measured end to end in tests/Benchmarks).
/// </summary>
[MemoryDiagnoser]
public class LogAppendBenchmarks : DirectoryBenchmark
{
    private readonly byte[] _record = Encoding.UTF8.GetBytes("{\"role\":\"user\",\"content\":\"" + new string('x', 200) + "\"}");
    private AppendLog _log = null!;

    protected override async Task SetupAsync() =>
        _log = await AppendLog.OpenAsync(Path.Combine(DataDirectory, "messages.jsonl"), new AppendLogOptions { FsyncOnCommit = false });

    [Benchmark]
    public async Task AppendBuffered() => await _log.AppendAsync(_record);

    protected override async Task CleanupAsync() => await _log.DisposeAsync();
}
