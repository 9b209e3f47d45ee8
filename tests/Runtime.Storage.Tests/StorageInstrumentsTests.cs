using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ChatDb.Runtime.Storage.Memory;

namespace ChatDb.Runtime.Storage.Tests;

public sealed class StorageInstrumentsTests : IDisposable
{
    // Other tests record into the same static meter in parallel; a unique provider name keeps
    // this test's measurements apart.
    private readonly string _provider = $"metrics-{Guid.NewGuid():N}";
    private readonly ConcurrentQueue<(double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly MeterListener _listener = new();

    public StorageInstrumentsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StorageInstruments.MeterName && instrument.Name == StorageInstruments.DurationInstrumentName)
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
    public async Task StateOperations_RecordDurationTaggedWithProviderAndOperation()
    {
        var storage = new MemoryGrainStorage(_provider);
        var grain = GrainId.Create("test", "g1");
        var grainState = new GrainState<int>(1);

        await storage.WriteStateAsync("s", grain, grainState);
        await storage.ReadStateAsync("s", grain, grainState);
        await storage.ClearStateAsync("s", grain, grainState);

        Assert.Equal(
            [StorageOperations.WriteState, StorageOperations.ReadState, StorageOperations.ClearState],
            _measurements.Select(m => (string?)m.Tags["operation"]));
        Assert.All(_measurements, m => Assert.True(m.Value >= 0));
        Assert.All(_measurements, m => Assert.False(m.Tags.ContainsKey("error.type")));
    }

    [Fact]
    public async Task AConflict_IsRecordedWithItsErrorType()
    {
        var storage = new MemoryGrainStorage(_provider);
        var grain = GrainId.Create("test", "g1");
        await storage.WriteStateAsync("s", grain, new GrainState<int>(1));

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("s", grain, new GrainState<int>(2)));

        var failed = Assert.Single(_measurements, m => m.Tags.ContainsKey("error.type"));
        Assert.Equal(nameof(InconsistentStateException), failed.Tags["error.type"]);
        Assert.Equal(StorageOperations.WriteState, failed.Tags["operation"]);
    }

    [Fact]
    public async Task LogOperations_RecordTheirOwnOperationNames()
    {
        var logs = new MemoryGrainLogStorage(_provider);
        var grain = GrainId.Create("test", "g1");

        await logs.AppendAsync("log", grain, ["a"], 0);
        await logs.ReadAsync<string>("log", grain, 1, 10);
        await logs.ReadTailAsync<string>("log", grain, 1);
        await logs.CountAsync("log", grain);
        await logs.ClearAsync("log", grain);

        Assert.Equal(
            [StorageOperations.LogAppend, StorageOperations.LogRead, StorageOperations.LogReadTail, StorageOperations.LogCount, StorageOperations.LogClear],
            _measurements.Select(m => (string?)m.Tags["operation"]));
    }

    public void Dispose() => _listener.Dispose();
}
