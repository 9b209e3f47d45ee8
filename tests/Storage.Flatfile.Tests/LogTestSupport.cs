using System.Text;
using System.Text.Json;
using ChatDb.Storage.Flatfile.IO;
using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Flatfile.Tests.Faults;
using Microsoft.Win32.SafeHandles;

namespace ChatDb.Storage.Flatfile.Tests;

/// <summary>A temporary directory for one test class instance, deleted in Dispose.</summary>
internal sealed class LogTestDirectory : IDisposable
{
    public LogTestDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), "chatdb-log-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string File(string name = "messages.jsonl") => Path.Combine(Root, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A handle still closing on a slow machine must not fail the test run.
        }
    }
}

internal static class LogJson
{
    public static ReadOnlyMemory<byte> Object(string text) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["text"] = text });

    public static string Text(LogRecord record)
    {
        using var document = JsonDocument.Parse(record.Json);
        Assert.Equal(record.Sequence, document.RootElement.GetProperty("seq").GetInt64());
        return document.RootElement.GetProperty("text").GetString()!;
    }

    public static string[] Texts(IReadOnlyList<LogRecord> records) => records.Select(Text).ToArray();

    public static long[] Sequences(IReadOnlyList<LogRecord> records) => records.Select(r => r.Sequence).ToArray();

    /// <summary>The stored line of record <paramref name="sequence"/> with text "m{sequence}".</summary>
    public static string Line(long sequence) => $"{{\"seq\":{sequence},\"text\":\"m{sequence}\"}}\n";

    /// <summary>Writes a well-formed log of <paramref name="count"/> records directly (no index).</summary>
    public static void WriteLog(string path, long count)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        for (var sequence = 1L; sequence <= count; sequence++)
        {
            stream.Write(Encoding.UTF8.GetBytes(Line(sequence)));
        }
    }

    public static AppendLogOptions Fast(int spacing = AppendLogOptions.DefaultIndexSpacing) =>
        new() { FsyncOnCommit = false, IndexSpacing = spacing, FileSystem = new CountingFlusher(real: false) };
}

internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Counts flush calls; optionally skips the real fsync to keep tests fast.</summary>
internal sealed class CountingFlusher(bool real = true) : DelegatingFileSystem(FlatfileFileSystem.Instance)
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public override void FlushToDisk(SafeFileHandle handle)
    {
        Interlocked.Increment(ref _calls);
        if (real)
        {
            Inner.FlushToDisk(handle);
        }
    }

    public override void SyncDirectory(string directory)
    {
    }
}

/// <summary>
/// Holds the first flush until the test releases it, so a test can queue appends behind a commit
/// in progress; then flushes (or fails) as told.
/// </summary>
internal sealed class GatedFlusher() : DelegatingFileSystem(FlatfileFileSystem.Instance), IDisposable
{
    private readonly ManualResetEventSlim _entered = new();
    private readonly ManualResetEventSlim _release = new();
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public bool Fail { get; set; }

    public override void FlushToDisk(SafeFileHandle handle)
    {
        if (Interlocked.Increment(ref _calls) == 1)
        {
            _entered.Set();
            Assert.True(_release.Wait(TimeSpan.FromSeconds(30)), "the test never released the first fsync");
        }

        if (Fail)
        {
            throw new IOException("injected fsync failure (EIO)");
        }
    }

    public override void SyncDirectory(string directory)
    {
    }

    public void WaitUntilFirstFlush() =>
        Assert.True(_entered.Wait(TimeSpan.FromSeconds(30)), "the leader's first fsync was not reached within 30 s");

    public void Release() => _release.Set();

    public void Dispose()
    {
        _entered.Dispose();
        _release.Dispose();
    }
}
