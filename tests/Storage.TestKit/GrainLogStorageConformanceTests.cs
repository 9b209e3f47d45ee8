using ChatDb.Storage.Logs;
using Orleans.Storage;

namespace ChatDb.Storage.TestKit;

/// <summary>
/// What every <see cref="IGrainLogStorage"/> must do. Derive one sealed class per provider and
/// implement <see cref="ProviderConformanceTests{TProvider}.CreateProviderAsync"/>. Semantics fixed
/// here: sequence numbers 1..n; <c>ReadAsync(from, max)</c> returns up to <c>max</c> entries with
/// sequence ≥ <c>from</c>, empty past the end; <c>ReadTailAsync(k)</c> returns the last min(k, n)
/// oldest first; an expected-count mismatch throws <see cref="InconsistentStateException"/> naming both
/// counts and writes nothing; <c>from &lt; 1</c> and negative counts throw <see cref="ArgumentOutOfRangeException"/>.
/// </summary>
public abstract class GrainLogStorageConformanceTests : ProviderConformanceTests<IGrainLogStorage>
{
    protected virtual string LogName => "messages";

    protected virtual string OtherLogName => "traces";

    [Fact]
    public async Task MissingLog_HasCountZeroAndReadsEmpty()
    {
        var grain = NewGrainId();

        Assert.Equal(0, await Provider.CountAsync(LogName, grain));
        Assert.Empty(await Provider.ReadAsync<ConformanceEntry>(LogName, grain, 1, 10));
        Assert.Empty(await Provider.ReadTailAsync<ConformanceEntry>(LogName, grain, 10));
    }

    [Fact]
    public async Task Append_ReturnsTheNewCount_AndEntriesReadBackNumberedFromOne()
    {
        var grain = NewGrainId();

        var count = await Provider.AppendAsync(LogName, grain, Entries(1, 3), expectedCount: 0);
        var read = await Provider.ReadAsync<ConformanceEntry>(LogName, grain, 1, 100);

        Assert.Equal(3, count);
        Assert.Equal(3, await Provider.CountAsync(LogName, grain));
        Assert.Equal([1L, 2L, 3L], read.Select(e => e.Sequence));
        Assert.Equal([1, 2, 3], read.Select(e => e.Value.Number));
    }

    [Fact]
    public async Task Append_InSeveralGroups_ContinuesTheSequence()
    {
        var grain = NewGrainId();

        await Provider.AppendAsync(LogName, grain, Entries(1, 2), 0);
        await Provider.AppendAsync(LogName, grain, Entries(3, 1), 2);
        var count = await Provider.AppendAsync(LogName, grain, Entries(4, 4), 3);
        var read = await Provider.ReadAsync<ConformanceEntry>(LogName, grain, 1, 100);

        Assert.Equal(7, count);
        Assert.All(read, e => Assert.Equal(e.Sequence, e.Value.Number));
        Assert.Equal(7, read.Count);
    }

    [Fact]
    public async Task Read_ReturnsUpToMaxEntriesAtOrAfterFrom_ForEveryRange()
    {
        var grain = NewGrainId();
        long count = 0;
        foreach (var size in new[] { 1, 2, 3, 5, 1, 8 })
        {
            count = await Provider.AppendAsync(LogName, grain, Entries((int)count + 1, size), count);
        }

        for (long from = 1; from <= count + 2; from++)
        {
            foreach (var max in new[] { 0, 1, 3, 7, (int)count, 1000 })
            {
                var read = await Provider.ReadAsync<ConformanceEntry>(LogName, grain, from, max);
                var expected = Enumerable.Range((int)from, (int)Math.Max(0, Math.Min(max, count - from + 1))).Select(n => (long)n);
                Assert.Equal(expected, read.Select(e => e.Sequence));
                Assert.All(read, e => Assert.Equal(e.Sequence, e.Value.Number));
            }
        }
    }

    [Fact]
    public async Task Read_FromBeyondTheEnd_IsEmpty()
    {
        var grain = NewGrainId();
        await Provider.AppendAsync(LogName, grain, Entries(1, 3), 0);

        Assert.Empty(await Provider.ReadAsync<ConformanceEntry>(LogName, grain, 4, 10));
        Assert.Empty(await Provider.ReadAsync<ConformanceEntry>(LogName, grain, long.MaxValue, 10));
    }

    [Fact]
    public async Task ReadTail_ReturnsTheLastEntriesOldestFirst_AndAllWhenAskedForMore()
    {
        var grain = NewGrainId();
        await Provider.AppendAsync(LogName, grain, Entries(1, 5), 0);

        var lastTwo = await Provider.ReadTailAsync<ConformanceEntry>(LogName, grain, 2);
        var all = await Provider.ReadTailAsync<ConformanceEntry>(LogName, grain, 50);
        var none = await Provider.ReadTailAsync<ConformanceEntry>(LogName, grain, 0);

        Assert.Equal([4L, 5L], lastTwo.Select(e => e.Sequence));
        Assert.Equal([4, 5], lastTwo.Select(e => e.Value.Number));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], all.Select(e => e.Sequence));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Append_WithStaleExpectedCount_ThrowsNamingBothCounts_AndWritesNothing()
    {
        var grain = NewGrainId();
        await Provider.AppendAsync(LogName, grain, Entries(1, 13), 0);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Provider.AppendAsync(LogName, grain, Entries(100, 2), expectedCount: 11));

        Assert.Contains(grain.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(LogName, error.Message, StringComparison.Ordinal);
        var withoutIds = error.Message.Replace(grain.ToString(), "", StringComparison.Ordinal);
        Assert.Matches(@"\b11\b", withoutIds);
        Assert.Matches(@"\b13\b", withoutIds);
        Assert.Equal(13, await Provider.CountAsync(LogName, grain));
        Assert.Equal(Enumerable.Range(1, 13), (await Provider.ReadAsync<ConformanceEntry>(LogName, grain, 1, 100)).Select(e => e.Value.Number));
    }

    [Fact]
    public async Task Append_WithExpectedCountAheadOfTheLog_ThrowsAndWritesNothing()
    {
        var grain = NewGrainId();
        await Provider.AppendAsync(LogName, grain, Entries(1, 2), 0);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Provider.AppendAsync(LogName, grain, Entries(3, 1), expectedCount: 5));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Provider.AppendAsync(LogName, NewGrainId(), Entries(1, 1), expectedCount: 1));

        Assert.Equal(2, await Provider.CountAsync(LogName, grain));
    }

    [Fact]
    public async Task Append_OfNoEntries_ReturnsTheCurrentCountAndWritesNothing()
    {
        var grain = NewGrainId();
        await Provider.AppendAsync(LogName, grain, Entries(1, 2), 0);

        var count = await Provider.AppendAsync(LogName, grain, Array.Empty<ConformanceEntry>(), 2);

        Assert.Equal(2, count);
        Assert.Equal(2, await Provider.CountAsync(LogName, grain));
    }

    [Fact]
    public async Task ConcurrentAppenders_WithTheSameExpectedCount_ExactlyOneWins()
    {
        const int appenders = 8;
        for (var round = 0; round < 10; round++)
        {
            var grain = NewGrainId();
            await Provider.AppendAsync(LogName, grain, Entries(1, 1), 0);
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = Enumerable.Range(0, appenders).Select(appender => Task.Run(async () =>
            {
                var batch = Enumerable.Range(0, 3).Select(i => new ConformanceEntry(appender, $"appender {appender} entry {i}")).ToArray();
                await gate.Task;
                try
                {
                    await Provider.AppendAsync(LogName, grain, batch, 1);
                    return true;
                }
                catch (InconsistentStateException)
                {
                    return false;
                }
            })).ToArray();

            gate.SetResult();
            var won = await WithTimeoutAsync(Task.WhenAll(attempts), $"{appenders} concurrent appends to {grain}");

            Assert.Equal(1, won.Count(w => w));
            var winner = Array.IndexOf(won, true);
            var read = await Provider.ReadAsync<ConformanceEntry>(LogName, grain, 2, 100);
            Assert.Equal(4, await Provider.CountAsync(LogName, grain));
            Assert.Equal(3, read.Count);
            Assert.All(read, e => Assert.Equal(winner, e.Value.Number));
        }
    }

    [Fact]
    public async Task ConcurrentAppenders_OnDifferentGrains_AllSucceed()
    {
        var grains = Enumerable.Range(0, 16).Select(_ => NewGrainId()).ToArray();

        await WithTimeoutAsync(
            Task.WhenAll(grains.Select((grain, i) => Task.Run(() => Provider.AppendAsync(LogName, grain, Entries(1, i + 1), 0)))),
            $"{grains.Length} concurrent first appends");

        for (var i = 0; i < grains.Length; i++)
        {
            Assert.Equal(i + 1, await Provider.CountAsync(LogName, grains[i]));
        }
    }

    [Fact]
    public async Task LargeBatch_IsStoredWholeAndReadableAtItsEdges()
    {
        const int size = 10_000;
        var grain = NewGrainId();
        await Provider.AppendAsync(LogName, grain, Entries(1, 1), 0);

        var count = await Provider.AppendAsync(LogName, grain, Entries(2, size), 1);
        var all = await Provider.ReadAsync<ConformanceEntry>(LogName, grain, 1, int.MaxValue);
        var middle = await Provider.ReadAsync<ConformanceEntry>(LogName, grain, 5_000, 3);
        var tail = await Provider.ReadTailAsync<ConformanceEntry>(LogName, grain, 2);

        Assert.Equal(size + 1, count);
        Assert.Equal(size + 1, all.Count);
        Assert.All(all, e => Assert.Equal(e.Sequence, e.Value.Number));
        Assert.Equal([5_000, 5_001, 5_002], middle.Select(e => e.Value.Number));
        Assert.Equal([size, size + 1], tail.Select(e => e.Value.Number));
    }

    [Fact]
    public async Task AppendGroup_WithAnEntryThatCannotBeSerialised_WritesNoneOfIt_AndTheNextGroupContinuesTheSequence()
    {
        var grain = NewGrainId();
        await Provider.AppendAsync(LogName, grain, [new UnserialisableEntry(1, false)], 0);
        UnserialisableEntry[] group = [.. Enumerable.Range(2, 99).Select(n => new UnserialisableEntry(n, n == 60))];

        await Assert.ThrowsAnyAsync<Exception>(() => Provider.AppendAsync(LogName, grain, group, expectedCount: 1));

        Assert.Equal(1, await Provider.CountAsync(LogName, grain));
        Assert.Equal(100, await Provider.AppendAsync(LogName, grain, [.. group.Select(e => e with { Broken = false })], expectedCount: 1));
        var stored = await Provider.ReadAsync<ConformanceEntry>(LogName, grain, 1, 200);
        Assert.Equal(Enumerable.Range(1, 100), stored.Select(e => e.Value.Number));
        Assert.All(stored, e => Assert.Equal(e.Sequence, e.Value.Number));
    }

    [Fact]
    public async Task Logs_OfDifferentGrains_AreIsolated()
    {
        var a = NewGrainId();
        var b = NewGrainId();
        await Provider.AppendAsync(LogName, a, Entries(1, 2), 0);
        await Provider.AppendAsync(LogName, b, Entries(1, 5), 0);

        await Provider.ClearAsync(LogName, a);

        Assert.Equal(0, await Provider.CountAsync(LogName, a));
        Assert.Equal(5, await Provider.CountAsync(LogName, b));
    }

    [Fact]
    public async Task Logs_WithDifferentNames_AreIsolated()
    {
        var grain = NewGrainId();
        await Provider.AppendAsync(LogName, grain, Entries(1, 2), 0);
        await Provider.AppendAsync(OtherLogName, grain, [new ConformanceEntry(1, "trace")], 0);

        var main = await Provider.ReadAsync<ConformanceEntry>(LogName, grain, 1, 10);
        var other = await Provider.ReadAsync<ConformanceEntry>(OtherLogName, grain, 1, 10);

        Assert.Equal(2, main.Count);
        Assert.Equal("trace", Assert.Single(other).Value.Text);
    }

    [Fact]
    public async Task Clear_EmptiesTheLog_AndNumberingRestartsAtOne()
    {
        var grain = NewGrainId();
        await Provider.AppendAsync(LogName, grain, Entries(1, 4), 0);

        await Provider.ClearAsync(LogName, grain);
        var countAfterClear = await Provider.CountAsync(LogName, grain);
        var emptyRead = await Provider.ReadAsync<ConformanceEntry>(LogName, grain, 1, 10);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Provider.AppendAsync(LogName, grain, Entries(5, 1), 4));
        await Provider.AppendAsync(LogName, grain, [new ConformanceEntry(1, "fresh start")], 0);
        var read = await Provider.ReadAsync<ConformanceEntry>(LogName, grain, 1, 10);

        Assert.Equal(0, countAfterClear);
        Assert.Empty(emptyRead);
        Assert.Equal(1, Assert.Single(read).Sequence);
        Assert.Equal("fresh start", read[0].Value.Text);
    }

    [Fact]
    public async Task Clear_OfMissingLog_Succeeds()
    {
        var grain = NewGrainId();

        await Provider.ClearAsync(LogName, grain);

        Assert.Equal(0, await Provider.CountAsync(LogName, grain));
    }

    [Fact]
    public async Task ComplexEntries_RoundTrip()
    {
        var grain = NewGrainId();
        ConformanceEntry[] entries =
        [
            new(1, AwkwardText.Value, [AwkwardText.Value, ""], new ConformanceItem("a", 1.5, [1, 2], ConformanceKind.Text, AwkwardText.Value)),
            new(2, ""),
            new(3, "{\"looks\":\"like json\"}\n{\"second\":\"line\"}", []),
        ];

        await Provider.AppendAsync(LogName, grain, entries, 0);
        var read = await Provider.ReadAsync<ConformanceEntry>(LogName, grain, 1, 10);

        JsonAssert.Equivalent(entries, read.Select(e => e.Value).ToArray());
    }

    [Fact]
    public async Task Append_StoresCopies_SoLaterChangesToTheCallersObjectsAreNotStored()
    {
        var grain = NewGrainId();
        var tags = new List<string> { "original" };

        await Provider.AppendAsync(LogName, grain, [new ConformanceEntry(1, "text", tags)], 0);
        tags.Add("added later");
        var read = await Provider.ReadAsync<ConformanceEntry>(LogName, grain, 1, 1);

        Assert.Equal(["original"], read[0].Value.Tags!);
    }

    [Fact]
    public async Task InvalidRanges_AreRejected()
    {
        var grain = NewGrainId();
        await Provider.AppendAsync(LogName, grain, Entries(1, 2), 0);

        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => Provider.ReadAsync<ConformanceEntry>(LogName, grain, 0, 10));
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => Provider.ReadAsync<ConformanceEntry>(LogName, grain, 1, -1));
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => Provider.ReadTailAsync<ConformanceEntry>(LogName, grain, -1));
        Assert.Equal(2, await Provider.CountAsync(LogName, grain));
    }

    [Fact]
    public async Task AppendedAndClearedLogs_SurviveReopeningTheProvider()
    {
        var kept = NewGrainId();
        var cleared = NewGrainId();
        await Provider.AppendAsync(LogName, kept, Entries(1, 3), 0);
        await Provider.AppendAsync(LogName, kept, Entries(4, 2), 3);
        await Provider.AppendAsync(LogName, cleared, Entries(1, 3), 0);
        await Provider.ClearAsync(LogName, cleared);

        await ReopenAsync();
        var read = await Provider.ReadAsync<ConformanceEntry>(LogName, kept, 1, 10);

        Assert.Equal(5, await Provider.CountAsync(LogName, kept));
        Assert.Equal([1, 2, 3, 4, 5], read.Select(e => e.Value.Number));
        Assert.Equal(0, await Provider.CountAsync(LogName, cleared));
        Assert.Equal(6, await Provider.AppendAsync(LogName, kept, Entries(6, 1), 5));
    }

    [Fact]
    public async Task ExportedImage_AppendedToAnEmptyLog_CopiesTheEntries_WithTheReplacementsInTheirPlace()
    {
        var copier = Assert.IsAssignableFrom<IGrainLogCopier>(Provider);
        var origin = NewGrainId();
        var copy = NewGrainId();
        ConformanceEntry[] entries =
        [
            new(1, AwkwardText.Value, [AwkwardText.Value]),
            new(2, "replaced in the copy"),
            new(3, "{\"looks\":\"like json\"}\n{\"second\":\"line\"}", []),
            new(4, ""),
            new(5, "after the copied range"),
        ];
        await Provider.AppendAsync(LogName, origin, entries, 0);

        var image = await copier.ExportAsync(LogName, origin, 4, new Dictionary<long, ConformanceEntry> { [2] = new(2, "the current version") });
        var count = await copier.AppendImageAsync(LogName, copy, image, expectedCount: 0);
        var read = await Provider.ReadAsync<ConformanceEntry>(LogName, copy, 1, 10);

        Assert.Equal(4, image.Count);
        Assert.Equal(4, count);
        Assert.Equal([1L, 2L, 3L, 4L], read.Select(e => e.Sequence));
        JsonAssert.Equivalent(new[] { entries[0], new(2, "the current version"), entries[2], entries[3] }, read.Select(e => e.Value).ToArray());
        JsonAssert.Equivalent(entries, (await Provider.ReadAsync<ConformanceEntry>(LogName, origin, 1, 10)).Select(e => e.Value).ToArray());
        Assert.Equal(5, await Provider.AppendAsync(LogName, copy, Entries(5, 1), 4));
    }

    [Fact]
    public async Task CopiedLog_SharesNothingWithTheOrigin_WhenTheOriginIsRewrittenOrCleared()
    {
        var copier = Assert.IsAssignableFrom<IGrainLogCopier>(Provider);
        var origin = NewGrainId();
        var copy = NewGrainId();
        await Provider.AppendAsync(LogName, origin, Entries(1, 3), 0);
        await copier.AppendImageAsync(LogName, copy, await copier.ExportAsync(LogName, origin, 3, new Dictionary<long, ConformanceEntry>()), 0);

        if (Provider is IGrainLogRewriter rewriter)
        {
            await rewriter.RewriteAsync(LogName, origin, new Dictionary<long, ConformanceEntry> { [2] = new(2, "erased") }, ["entry 2"]);
        }

        await Provider.ClearAsync(LogName, origin);
        var read = await Provider.ReadAsync<ConformanceEntry>(LogName, copy, 1, 10);

        Assert.Equal(["entry 1", "entry 2", "entry 3"], read.Select(e => e.Value.Text));
    }

    [Fact]
    public async Task AppendImage_WithStaleExpectedCount_ThrowsAndWritesNothing()
    {
        var copier = Assert.IsAssignableFrom<IGrainLogCopier>(Provider);
        var origin = NewGrainId();
        var copy = NewGrainId();
        await Provider.AppendAsync(LogName, origin, Entries(1, 2), 0);
        await Provider.AppendAsync(LogName, copy, Entries(1, 1), 0);
        var image = await copier.ExportAsync(LogName, origin, 2, new Dictionary<long, ConformanceEntry>());

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => copier.AppendImageAsync(LogName, copy, image, expectedCount: 0));

        Assert.Contains("expected count 0", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await Provider.CountAsync(LogName, copy));
    }

    [Fact]
    public async Task Export_BeyondTheLog_OrReplacingOutsideTheRange_IsNotFound_AndAnEmptyExportIsEmpty()
    {
        var copier = Assert.IsAssignableFrom<IGrainLogCopier>(Provider);
        var grain = NewGrainId();
        var none = new Dictionary<long, ConformanceEntry>();

        Assert.Equal(0, (await copier.ExportAsync(LogName, NewGrainId(), 0, none)).Count);
        await Provider.AppendAsync(LogName, grain, Entries(1, 2), 0);
        await Assert.ThrowsAsync<NotFoundError>(() => copier.ExportAsync(LogName, grain, 3, none));
        await Assert.ThrowsAsync<NotFoundError>(() => copier.ExportAsync(LogName, grain, 1, new Dictionary<long, ConformanceEntry> { [2] = new(2, "x") }));
        Assert.Empty((await copier.ExportAsync(LogName, grain, 0, none)).Ends);
    }

    /// <summary><paramref name="count"/> entries numbered from <paramref name="first"/> (so numbers match sequences when appended in order).</summary>
    protected static ConformanceEntry[] Entries(int first, int count) =>
        Enumerable.Range(first, count).Select(n => new ConformanceEntry(n, $"entry {n}")).ToArray();
}
