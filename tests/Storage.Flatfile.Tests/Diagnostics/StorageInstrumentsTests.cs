using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ChatDb.Storage.Diagnostics;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Flatfile.Tests.Providers;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace ChatDb.Storage.Flatfile.Tests.Diagnostics;

/// <summary>
/// The facets' durations on the <c>ChatDb.Storage</c> meter, tagged with provider, operation and error type, measured
/// once by the wrappers the providers are registered behind.
/// </summary>
public sealed class StorageInstrumentsTests : IDisposable
{
    // Other tests record into the same static meter in parallel; a unique provider name keeps this test's
    // measurements apart.
    private readonly string _provider = $"metrics-{Guid.NewGuid():N}";
    private readonly ConcurrentQueue<(double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly MeterListener _listener = new();
    private readonly FlatfileTestDirectory _data = new();
    private readonly GrainId _grain = GrainId.Create("notebook", "m1");

    public StorageInstrumentsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "ChatDb.Storage" && instrument.Name == "chatdb.storage.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var tagMap = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                tagMap[tag.Key] = tag.Value;
            }

            if (Equals(tagMap.GetValueOrDefault("provider"), _provider))
            {
                _measurements.Enqueue((value, tagMap));
            }
        });
        _listener.Start();
    }

    [Fact]
    public async Task StateOperations_AreLeftToOrleansBridge_TheProviderRecordsNothing()
    {
        var storage = new FlatfileGrainStorage(_provider, _data.Paths, _data.Directory.AtomicFile);
        var grainState = new GrainState<Dictionary<string, int>>(new() { ["n"] = 1 });

        await storage.WriteStateAsync("s", _grain, grainState);
        await storage.ReadStateAsync("s", _grain, grainState);
        await storage.ClearStateAsync("s", _grain, grainState);

        Assert.Empty(_measurements);
    }

    [Fact]
    public async Task AConflict_IsRecordedWithItsErrorType()
    {
        await using var logs = new FlatfileOpenLogs(_data.Directory.Options);
        var log = new MeasuredGrainLogStorage(_provider, new FlatfileGrainLogStorage(_provider, _data.Paths, logs, _data.Directory.AtomicFile));
        await log.AppendAsync("log", _grain, [new Entry("a")], 0);

        await Assert.ThrowsAsync<InconsistentStateException>(() => log.AppendAsync("log", _grain, [new Entry("b")], 0));

        var failed = Assert.Single(_measurements, m => m.Tags.ContainsKey("error.type"));
        Assert.Equal(nameof(InconsistentStateException), failed.Tags["error.type"]);
        Assert.Equal(StorageOperations.LogAppend, failed.Tags["operation"]);
        Assert.Equal(2, _measurements.Count);
    }

    [Fact]
    public async Task LogAndFileOperations_RecordTheirOwnOperationNames()
    {
        await using var logs = new FlatfileOpenLogs(_data.Directory.Options);
        var log = new MeasuredGrainLogStorage(_provider, new FlatfileGrainLogStorage(_provider, _data.Paths, logs, _data.Directory.AtomicFile));
        var files = new MeasuredGrainFileStorage(_provider, new FlatfileGrainFileStorage(_provider, _data.Paths, _data.Directory.AtomicFile, logs, _data.Directory.Options));

        await log.AppendAsync("log", _grain, [new Entry("a")], 0);
        await log.ReadAsync<Entry>("log", _grain, 1, 10);
        await log.ReadTailAsync<Entry>("log", _grain, 1);
        await log.CountAsync("log", _grain);
        await log.ClearAsync("log", _grain);
        await files.WriteAsync(_grain, "blobs", "a.txt", "x"u8.ToArray());
        await files.ReadAsync(_grain, "blobs", "a.txt");
        await files.ListAsync(_grain, "blobs");
        await files.DeleteAsync(_grain, "blobs", "a.txt");
        await files.DeleteAllAsync(_grain);

        Assert.Equal(
            [
                StorageOperations.LogAppend, StorageOperations.LogRead, StorageOperations.LogReadTail, StorageOperations.LogCount, StorageOperations.LogClear,
                StorageOperations.FileWrite, StorageOperations.FileRead, StorageOperations.FileList, StorageOperations.FileDelete, StorageOperations.FileDeleteAll,
            ],
            _measurements.Select(m => (string?)m.Tags["operation"]));
        Assert.All(_measurements, m => Assert.True(m.Value >= 0));
        Assert.All(_measurements, m => Assert.False(m.Tags.ContainsKey("error.type")));
    }

    private sealed record Entry(string Text);

    public void Dispose()
    {
        _listener.Dispose();
        _data.Dispose();
    }
}
