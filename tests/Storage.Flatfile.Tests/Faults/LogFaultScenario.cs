using System.Text;
using ChatDb.Storage.Flatfile.IO;
using ChatDb.Storage.Flatfile.Logs;

namespace ChatDb.Storage.Flatfile.Tests.Faults;

/// <summary>
/// The append log on its own, with fsync before acknowledgement: single appends and a batch on a log that
/// already holds 70 records (so its offset index exists). With <c>tornTail</c> the seeded log also ends in a
/// torn line, so opening it runs recovery: the tail is kept in <c>.corrupt</c>, cut and fsynced.
/// </summary>
internal sealed class LogFaultScenario(string root, bool tornTail) : FaultScenario(root)
{
    private const int Seeded = 70;
    private const int Spacing = 32;

    private readonly List<string> _acked = [];
    private readonly List<string> _inFlight = [];

    private string LogPath => Path.Combine(Root, "messages.jsonl");

    public override async Task SeedAsync()
    {
        await using (var log = await AppendLog.OpenAsync(LogPath, Options(NoSyncFileSystem.Instance)))
        {
            for (var i = 1; i <= Seeded; i++)
            {
                await AppendTrackedAsync(log, [$"seed {i}"]);
            }
        }

        if (tornTail)
        {
            await File.AppendAllTextAsync(LogPath, "{\"seq\":71,\"text\":\"torn");
        }
    }

    public override async Task RunAsync(IFlatfileFileSystem fileSystem)
    {
        await using var log = await AppendLog.OpenAsync(LogPath, Options(fileSystem));
        for (var i = 1; i <= 3; i++)
        {
            await AppendTrackedAsync(log, [$"single {i}"]);
        }

        await AppendTrackedAsync(log, ["batch a", "batch b"]);
    }

    public override async Task CheckAsync(IFlatfileFileSystem fileSystem, string context)
    {
        await using (var log = await AppendLog.OpenAsync(LogPath, Options(fileSystem)))
        {
            var texts = (await log.ReadRangeAsync(1, int.MaxValue)).Select(Text).ToList();
            Assert.True(texts.Count >= _acked.Count, $"{context}: the log holds {texts.Count} records, {_acked.Count} were acknowledged");
            Assert.Equal(_acked, texts.Take(_acked.Count));
            var extra = texts.Skip(_acked.Count).ToList();
            Assert.True(extra.Count <= _inFlight.Count && extra.SequenceEqual(_inFlight.Take(extra.Count)),
                $"{context}: the log holds unacknowledged records that were not in flight: {string.Join(", ", extra)}");

            // Records that reached the disk while in flight are part of the log from now on.
            _acked.Clear();
            _acked.AddRange(texts);
            _inFlight.Clear();
        }

        var report = await AppendLog.VerifyAsync(LogPath, Options(FlatfileFileSystem.Instance));
        Assert.True(report.Problems.Count == 0, $"{context}: verify of the log found {string.Join("; ", report.Problems.Select(p => p.Message))}");
    }

    public override async Task WriteMoreAsync(IFlatfileFileSystem fileSystem, string round)
    {
        await using var log = await AppendLog.OpenAsync(LogPath, Options(fileSystem));
        await AppendTrackedAsync(log, [round]);
    }

    private static AppendLogOptions Options(IFlatfileFileSystem fileSystem) =>
        new() { FsyncOnCommit = true, IndexSpacing = Spacing, FileSystem = fileSystem };

    private async Task AppendTrackedAsync(AppendLog log, string[] texts)
    {
        _inFlight.Clear();
        _inFlight.AddRange(texts);
        var records = texts.Select(t => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes($"{{\"text\":\"{t}\"}}")).ToList();
        await log.AppendBatchAsync(records, expectedCount: _acked.Count);
        _acked.AddRange(texts);
        _inFlight.Clear();
    }

    private static string Text(LogRecord record)
    {
        using var document = System.Text.Json.JsonDocument.Parse(record.Json);
        return document.RootElement.GetProperty("text").GetString()!;
    }
}
