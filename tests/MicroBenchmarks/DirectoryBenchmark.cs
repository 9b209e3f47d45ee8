using BenchmarkDotNet.Attributes;

namespace ChatDb.MicroBenchmarks;

/// <summary>
/// A benchmark whose state lives in a fresh directory under the system's temp directory, made before
/// <see cref="SetupAsync"/> and deleted after <see cref="CleanupAsync"/>. Both run synchronously: BenchmarkDotNet's
/// in-process toolchain does not wait for async set-up and clean-up.
/// </summary>
public abstract class DirectoryBenchmark
{
    /// <summary>The benchmark's own directory.</summary>
    protected string DataDirectory { get; private set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "chatdb-micro-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(DataDirectory);
        SetupAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        CleanupAsync().GetAwaiter().GetResult();
        Directory.Delete(DataDirectory, recursive: true);
    }

    protected abstract Task SetupAsync();

    protected abstract Task CleanupAsync();
}
