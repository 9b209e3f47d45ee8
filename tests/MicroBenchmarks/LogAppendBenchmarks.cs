using System.Text;
using BenchmarkDotNet.Attributes;
using ChatDb.Storage.Flatfile.Logs;

namespace ChatDb.MicroBenchmarks;

/// <summary>
/// One append to the message log without fsync (the CPU and write-syscall cost of the hot path; the
/// fsync cost is measured end to end in tests/Benchmarks).
/// </summary>
[MemoryDiagnoser]
public class LogAppendBenchmarks
{
    private readonly byte[] _record = Encoding.UTF8.GetBytes("{\"role\":\"user\",\"content\":\"" + new string('x', 200) + "\"}");
    private string _directory = string.Empty;
    private AppendLog _log = null!;

    // Synchronous set-up and clean-up: BenchmarkDotNet's in-process toolchain does not wait for async ones.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "chatdb-micro-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_directory);
        _log = await AppendLog.OpenAsync(Path.Combine(_directory, "messages.jsonl"), new AppendLogOptions { FsyncOnCommit = false });
    }

    [Benchmark]
    public async Task AppendBuffered() => await _log.AppendAsync(_record);

    private async Task CleanupAsync()
    {
        await _log.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
