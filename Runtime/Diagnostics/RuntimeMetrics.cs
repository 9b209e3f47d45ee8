using System.Diagnostics.Metrics;

namespace ChatDb.Runtime;

/// <summary>
/// Instruments of the meter <c>ChatDb.Runtime</c>: live activations, calls received and call duration.
/// The duration is measured only while somebody listens, so the call path pays nothing otherwise.
/// </summary>
internal sealed class RuntimeMetrics
{
    public const string MeterName = "ChatDb.Runtime";

    private readonly UpDownCounter<long> _activations;
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _callDuration;

    public RuntimeMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _activations = meter.CreateUpDownCounter<long>("chatdb.runtime.activations", "{activation}", "Live grain activations in this silo.");
        _calls = meter.CreateCounter<long>("chatdb.runtime.calls", "{call}", "Grain calls received by this silo.");
        _callDuration = meter.CreateHistogram<double>("chatdb.runtime.call.duration", "ms", "Duration of grain calls, from receipt to result.");
    }

    public bool MeasuresCallDuration => _callDuration.Enabled;

    public void ActivationAdded() => _activations.Add(1);

    public void ActivationRemoved() => _activations.Add(-1);

    public void CallReceived() => _calls.Add(1);

    public void TrackCallDuration(Task call, long started, TimeProvider timeProvider)
    {
        if (call.IsCompleted)
        {
            _callDuration.Record(timeProvider.GetElapsedTime(started).TotalMilliseconds);
            return;
        }

        call.ContinueWith(
            (_, state) => _callDuration.Record(timeProvider.GetElapsedTime((long)state!).TotalMilliseconds),
            started,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
