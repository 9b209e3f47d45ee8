using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ChatDb.Storage.Diagnostics;

/// <summary>
/// The facets' metrics, recorded in one place: the measuring wrappers every log and file provider is
/// registered behind (<see cref="MeasuredGrainLogStorage"/>, <see cref="MeasuredGrainFileStorage"/>). Each
/// operation records its duration into <c>chatdb.storage.duration</c> (milliseconds) of the meter
/// <c>ChatDb.Storage</c>, tagged with <c>provider</c> (the name the provider is registered under) and
/// <c>operation</c> (<see cref="StorageOperations"/>); a failed operation also carries <c>error.type</c> (the
/// exception's type name, the OpenTelemetry convention), so conflicts and I/O failures can be told apart
/// from successes. State reads, writes and clears are measured by Orleans' <c>StateStorageBridge</c> on its
/// own meter, so they are not measured twice.
/// </summary>
public static class StorageInstruments
{
    public const string MeterName = "ChatDb.Storage";
    public const string DurationInstrumentName = "chatdb.storage.duration";

    public static readonly Meter Meter = new(MeterName);

    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        DurationInstrumentName,
        unit: "ms",
        description: "Duration of grain log and file storage operations.");

    /// <summary>
    /// Runs <paramref name="operation"/> and records its duration. With no listener the call goes straight
    /// through: the hot paths pay nothing for metrics nobody collects.
    /// </summary>
    public static Task<T> MeasureAsync<T>(string provider, string operationName, Func<Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return Duration.Enabled ? MeasuredAsync(provider, operationName, operation) : operation();
    }

    /// <inheritdoc cref="MeasureAsync{T}(string, string, Func{Task{T}})"/>
    public static Task MeasureAsync(string provider, string operationName, Func<Task> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return Duration.Enabled ? MeasuredAsync(provider, operationName, operation) : operation();
    }

    private static async Task<T> MeasuredAsync<T>(string provider, string operationName, Func<Task<T>> operation)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var result = await operation().ConfigureAwait(false);
            Record(provider, operationName, start, error: null);
            return result;
        }
        catch (Exception e)
        {
            Record(provider, operationName, start, e);
            throw;
        }
    }

    private static async Task MeasuredAsync(string provider, string operationName, Func<Task> operation)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await operation().ConfigureAwait(false);
            Record(provider, operationName, start, error: null);
        }
        catch (Exception e)
        {
            Record(provider, operationName, start, e);
            throw;
        }
    }

    private static void Record(string provider, string operationName, long startTimestamp, Exception? error)
    {
        var tags = new TagList
        {
            { "provider", provider },
            { "operation", operationName },
        };
        if (error is not null)
        {
            tags.Add("error.type", error.GetType().Name);
        }

        Duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds, tags);
    }
}
