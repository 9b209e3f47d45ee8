using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ChatDb.Storage.Flatfile.Diagnostics;

/// <summary>
/// The flatfile providers' metrics. Each operation records its duration into <c>chatdb.storage.duration</c>
/// (milliseconds) of the meter <c>ChatDb.Storage</c>, tagged with <c>provider</c> (the name the provider is
/// registered under) and <c>operation</c> (<see cref="StorageOperations"/>); a failed operation also carries
/// <c>error.type</c> (the exception's type name, the OpenTelemetry convention), so conflicts and I/O failures
/// can be told apart from successes.
/// </summary>
public static class StorageInstruments
{
    public const string MeterName = "ChatDb.Storage";
    public const string DurationInstrumentName = "chatdb.storage.duration";

    public static readonly Meter Meter = new(MeterName);

    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        DurationInstrumentName,
        unit: "ms",
        description: "Duration of grain storage operations.");

    /// <summary>A timestamp to pass to <see cref="Record"/>.</summary>
    public static long Start() => Stopwatch.GetTimestamp();

    /// <summary>Records the time elapsed since <paramref name="startTimestamp"/> (from <see cref="Start"/>).</summary>
    public static void Record(string provider, string operation, long startTimestamp, Exception? error = null)
    {
        if (!Duration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "provider", provider },
            { "operation", operation },
        };
        if (error is not null)
        {
            tags.Add("error.type", error.GetType().Name);
        }

        Duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds, tags);
    }
}
