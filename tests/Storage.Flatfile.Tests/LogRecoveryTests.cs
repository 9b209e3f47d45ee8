using System.Text;
using ChatDb.Storage.Flatfile.Logs;
using FsCheck;
using FsCheck.Fluent;

namespace ChatDb.Storage.Flatfile.Tests;

public sealed class LogRecoveryTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 30, 0, TimeSpan.Zero);
    private readonly LogTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static AppendLogOptions Options() => LogJson.Fast() with { TimeProvider = new FixedTimeProvider(Now) };

    [Fact]
    public void Open_AfterTheLastRecordIsCutAtAnyByte_KeepsTheCompleteRecordsAndTheCutBytesAside()
    {
        // Short texts with the characters JSON escapes (quotes, backslashes, control, non-ASCII).
        var characters = Gen.Elements('a', 'Z', '0', ' ', '"', '\\', '\n', '\t', '\u0001', 'é', '€', '字', '{', '}');
        var texts = Gen.Choose(0, 12).SelectMany(n => Gen.ArrayOf(characters, n)).Select(c => new string(c));
        var logs = Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(texts, n));
        var attempt = 0;
        Prop.ForAll(Arb.From(logs), records =>
        {
            var path = _directory.File($"cut-{attempt++}.jsonl");
            var full = WriteThroughLog(path, records);
            var lastLineStart = full.AsSpan(0, full.Length - 1).LastIndexOf((byte)'\n') + 1;
            for (var cut = lastLineStart + 1; cut < full.Length; cut++)
            {
                CheckCutAt(path, full, lastLineStart, cut, records);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(15));
    }

    private static byte[] WriteThroughLog(string path, string[] records)
    {
        var log = AppendLog.OpenAsync(path, Options()).GetAwaiter().GetResult();
        log.AppendBatchAsync(records.Select(LogJson.Object).ToArray()).AsTask().GetAwaiter().GetResult();
        log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return File.ReadAllBytes(path);
    }

    private static void CheckCutAt(string path, byte[] full, int lastLineStart, int cut, string[] records)
    {
        File.WriteAllBytes(path, full[..cut]);
        File.Delete(path + ".corrupt");
        File.Delete(path + ".idx");

        var log = AppendLog.OpenAsync(path, Options()).GetAwaiter().GetResult();
        try
        {
            var kept = records.Length - 1;
            Assert.Equal(kept, log.Count);
            Assert.Equal(records[..kept], LogJson.Texts(log.ReadRangeAsync(1, records.Length).AsTask().GetAwaiter().GetResult()));
            Assert.Equal(full[..lastLineStart], File.ReadAllBytes(path));

            var corrupt = File.ReadAllBytes(path + ".corrupt");
            var headerEnd = Array.IndexOf(corrupt, (byte)'\n') + 1;
            Assert.StartsWith("#chatdb-cut-tail {", Encoding.UTF8.GetString(corrupt, 0, headerEnd), StringComparison.Ordinal);
            Assert.Equal(full[lastLineStart..cut], corrupt[headerEnd..(headerEnd + cut - lastLineStart)]);

            Assert.Equal(kept + 1, log.AppendAsync(LogJson.Object("next")).AsTask().GetAwaiter().GetResult());
        }
        finally
        {
            log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Fact]
    public async Task Open_WithAGarbageLastLine_CutsItAndRecordsWhenWhyAndWhere()
    {
        var path = _directory.File();
        await File.WriteAllTextAsync(path, LogJson.Line(1) + LogJson.Line(2) + "\0\0garbage}\n");

        await using var log = await AppendLog.OpenAsync(path, Options());

        Assert.Equal(2, log.Count);
        Assert.Equal(LogJson.Line(1) + LogJson.Line(2), await File.ReadAllTextAsync(path));
        var corrupt = await File.ReadAllLinesAsync(path + ".corrupt");
        Assert.Contains("\"at\":\"2026-11-22T10:30:00.0000000Z\"", corrupt[0], StringComparison.Ordinal);
        Assert.Contains($"\"offset\":{(LogJson.Line(1) + LogJson.Line(2)).Length}", corrupt[0], StringComparison.Ordinal);
        Assert.Contains("line 3", corrupt[0], StringComparison.Ordinal);
        Assert.Equal("\0\0garbage}", corrupt[1]);
        Assert.Equal(3, await log.AppendAsync(LogJson.Object("m3")));
    }

    [Fact]
    public async Task Open_WithACompleteLastLineOfTheWrongSequence_CutsIt()
    {
        var path = _directory.File();
        await File.WriteAllTextAsync(path, LogJson.Line(1) + LogJson.Line(2) + LogJson.Line(7));

        await using var log = await AppendLog.OpenAsync(path, Options());

        Assert.Equal(2, log.Count);
        Assert.Contains("sequence 7 where 3 was expected", await File.ReadAllTextAsync(path + ".corrupt"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_WithACorruptRecordInTheMiddle_IsAnIntegrityErrorNamingFileAndLine_AndChangesNothing()
    {
        var path = _directory.File();
        var content = LogJson.Line(1) + LogJson.Line(2) + "{\"seq\":3,\"text\":\"broken\n" + LogJson.Line(4);
        await File.WriteAllTextAsync(path, content);

        var error = await Assert.ThrowsAsync<IntegrityError>(() => AppendLog.OpenAsync(path, Options()));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllTextAsync(path));
        Assert.False(File.Exists(path + ".corrupt"));
    }

    [Fact]
    public async Task Open_WithAGapInTheSequence_IsAnIntegrityErrorNamingTheLine()
    {
        var path = _directory.File();
        await File.WriteAllTextAsync(path, LogJson.Line(1) + LogJson.Line(2) + LogJson.Line(4) + LogJson.Line(5));

        var error = await Assert.ThrowsAsync<IntegrityError>(() => AppendLog.OpenAsync(path, Options()));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("sequence 4 where 3 was expected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_AfterAFailedOpen_WorksOnceTheFileIsRepaired()
    {
        var path = _directory.File();
        await File.WriteAllTextAsync(path, LogJson.Line(1) + "nonsense\n" + LogJson.Line(3));
        await Assert.ThrowsAsync<IntegrityError>(() => AppendLog.OpenAsync(path, Options()));

        await File.WriteAllTextAsync(path, LogJson.Line(1) + LogJson.Line(2) + LogJson.Line(3));
        await using var log = await AppendLog.OpenAsync(path, Options());

        Assert.Equal(3, log.Count);
    }

    [Fact]
    public async Task Read_OfARecordCorruptedAfterOpen_IsAnIntegrityErrorNamingFileAndLine()
    {
        var path = _directory.File();
        await using var log = await AppendLog.OpenAsync(path, Options());
        await log.AppendBatchAsync(Enumerable.Range(1, 10).Select(i => LogJson.Object($"m{i}")).ToArray());

        // Damage record 5 in place (same length), as a disk or a careless editor might.
        var bytes = await File.ReadAllBytesAsync(path);
        var offset = Encoding.UTF8.GetString(bytes).IndexOf("\"m5\"", StringComparison.Ordinal);
        bytes[offset] = (byte)'!';
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.Write(bytes);
        }

        var error = await Assert.ThrowsAsync<IntegrityError>(async () => await log.ReadRangeAsync(3, 5));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 5", error.Message, StringComparison.Ordinal);
        Assert.Equal(["m1", "m2"], LogJson.Texts(await log.ReadRangeAsync(1, 2)));
    }
}
