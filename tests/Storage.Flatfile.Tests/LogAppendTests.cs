using System.Text;
using ChatDb.Storage.Flatfile.Logs;

namespace ChatDb.Storage.Flatfile.Tests;

public sealed class LogAppendTests : IDisposable
{
    private readonly LogTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Append_ThenRead_ReturnsTheRecordsWithSequenceFirst()
    {
        await using var log = await AppendLog.OpenAsync(_directory.File(), new AppendLogOptions());

        Assert.Equal(1, await log.AppendAsync(LogJson.Object("hello")));
        Assert.Equal(2, await log.AppendAsync(LogJson.Object("wörld \"quoted\"")));

        var records = await log.ReadRangeAsync(1, 10);
        Assert.Equal([1L, 2L], LogJson.Sequences(records));
        Assert.Equal(["hello", "wörld \"quoted\""], LogJson.Texts(records));
        Assert.Equal("{\"seq\":1,\"text\":\"hello\"}", Encoding.UTF8.GetString(records[0].Json.Span));
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public async Task Append_WritesOneLinePerRecordInSequenceOrder()
    {
        var path = _directory.File();
        await using (var log = await AppendLog.OpenAsync(path, new AppendLogOptions()))
        {
            for (var i = 1; i <= 3; i++)
            {
                await log.AppendAsync(Encoding.UTF8.GetBytes($"{{\"text\":\"m{i}\"}}"));
            }
        }

        Assert.Equal(LogJson.Line(1) + LogJson.Line(2) + LogJson.Line(3), await File.ReadAllTextAsync(path));
    }

    [Theory]
    [InlineData("{}", "{\"seq\":1}")]
    [InlineData("{ } ", "{\"seq\":1}")]
    [InlineData("{\"a\":1}\t", "{\"seq\":1,\"a\":1}\t")]
    [InlineData("{ \"a\" : [1, {\"seq\":5}] }", "{\"seq\":1, \"a\" : [1, {\"seq\":5}] }")]
    public async Task Append_SplicesTheSequenceIntoAnyObject(string json, string stored)
    {
        await using var log = await AppendLog.OpenAsync(_directory.File(), new AppendLogOptions());

        await log.AppendAsync(Encoding.UTF8.GetBytes(json));

        var record = Assert.Single(await log.ReadTailAsync(1));
        Assert.Equal(stored, Encoding.UTF8.GetString(record.Json.Span));
    }

    [Theory]
    [InlineData("[1,2]", "starting with '{'")]
    [InlineData(" {}", "starting with '{'")]
    [InlineData("", "starting with '{'")]
    [InlineData("{\"a\":\n1}", "raw newline")]
    [InlineData("{\"a\":1", "not valid JSON")]
    [InlineData("{\"a\":1}{}", "not valid JSON")]
    [InlineData("{\"a\":tru}", "not valid JSON")]
    [InlineData("{\"seq\":3}", "\"seq\"")]
    public async Task Append_OfSomethingThatIsNotOneJsonObjectLine_IsAValidationErrorAndWritesNothing(string json, string rule)
    {
        var path = _directory.File();
        await using var log = await AppendLog.OpenAsync(path, new AppendLogOptions());

        var error = await Assert.ThrowsAsync<ValidationError>(async () => await log.AppendAsync(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, log.Count);
        Assert.Equal(1, await log.AppendAsync(LogJson.Object("still fine")));
    }

    [Fact]
    public async Task AppendBatch_WithTheRightExpectedCount_AppendsAllAndReturnsTheLastSequence()
    {
        await using var log = await AppendLog.OpenAsync(_directory.File(), new AppendLogOptions());
        await log.AppendAsync(LogJson.Object("a"));

        var last = await log.AppendBatchAsync([LogJson.Object("b"), LogJson.Object("c")], expectedCount: 1);

        Assert.Equal(3, last);
        Assert.Equal(["a", "b", "c"], LogJson.Texts(await log.ReadRangeAsync(1, 10)));
    }

    [Fact]
    public async Task AppendBatch_WithAStaleExpectedCount_ThrowsAConflictNamingBothCountsAndWritesNothing()
    {
        var path = _directory.File();
        await using var log = await AppendLog.OpenAsync(path, new AppendLogOptions());
        await log.AppendBatchAsync([LogJson.Object("a"), LogJson.Object("b")], expectedCount: 0);

        var conflict = await Assert.ThrowsAsync<LogSequenceConflictException>(
            async () => await log.AppendBatchAsync([LogJson.Object("c")], expectedCount: 1));

        Assert.Equal(1, conflict.ExpectedCount);
        Assert.Equal(2, conflict.ActualCount);
        Assert.Contains(path, conflict.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<StorageError>(conflict);
        Assert.Equal(2, log.Count);
        Assert.Equal(2, (await File.ReadAllLinesAsync(path)).Length);
    }

    [Fact]
    public async Task AppendBatch_WithABadRecord_RejectsTheWholeBatchNamingTheRecord()
    {
        await using var log = await AppendLog.OpenAsync(_directory.File(), new AppendLogOptions());

        var error = await Assert.ThrowsAsync<ValidationError>(
            async () => await log.AppendBatchAsync([LogJson.Object("ok"), Encoding.UTF8.GetBytes("nope")]));

        Assert.Contains("record 1 of the batch", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, log.Count);
    }

    [Fact]
    public async Task AppendBatch_Empty_ChecksTheCountAndReturnsIt()
    {
        await using var log = await AppendLog.OpenAsync(_directory.File(), new AppendLogOptions());
        await log.AppendAsync(LogJson.Object("a"));

        Assert.Equal(1, await log.AppendBatchAsync([], expectedCount: 1));
        await Assert.ThrowsAsync<LogSequenceConflictException>(async () => await log.AppendBatchAsync([], expectedCount: 0));
    }

    [Fact]
    public async Task Reopen_ContinuesTheSequenceWhereTheLogEnded()
    {
        var path = _directory.File();
        await using (var log = await AppendLog.OpenAsync(path, new AppendLogOptions()))
        {
            await log.AppendBatchAsync([LogJson.Object("a"), LogJson.Object("b")]);
        }

        await using var reopened = await AppendLog.OpenAsync(path, new AppendLogOptions());

        Assert.Equal(2, reopened.Count);
        Assert.Equal(3, await reopened.AppendAsync(LogJson.Object("c")));
        Assert.Equal(["a", "b", "c"], LogJson.Texts(await reopened.ReadRangeAsync(1, 10)));
    }

    [Fact]
    public async Task Open_OfALogAlreadyOpenInThisProcess_IsRefusedBecauseALogHasOneWriter()
    {
        var path = _directory.File();
        await using var log = await AppendLog.OpenAsync(path, new AppendLogOptions());

        var error = await Assert.ThrowsAsync<StorageError>(() => AppendLog.OpenAsync(path, new AppendLogOptions()));

        Assert.Contains("one writer", error.Message, StringComparison.Ordinal);
        await log.DisposeAsync();
        await using var again = await AppendLog.OpenAsync(path, new AppendLogOptions());
        Assert.Equal(0, again.Count);
    }

    [Fact]
    public async Task Append_AfterDispose_ThrowsObjectDisposed()
    {
        var log = await AppendLog.OpenAsync(_directory.File(), new AppendLogOptions());
        await log.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await log.AppendAsync(LogJson.Object("late")));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await log.ReadTailAsync(1));
    }

    [Fact]
    public async Task Open_InAMissingDirectory_IsAStorageErrorNamingThePath()
    {
        var path = Path.Combine(_directory.Root, "missing", "messages.jsonl");

        var error = await Assert.ThrowsAsync<StorageError>(() => AppendLog.OpenAsync(path, new AppendLogOptions()));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
