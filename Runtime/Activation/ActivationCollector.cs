using ChatDb.Runtime.Hosting;
using Microsoft.Extensions.Options;

namespace ChatDb.Runtime;

/// <summary>
/// Idle collection: one silo-wide timer that, every <see cref="GrainCollectionOptions.CollectionQuantum"/>,
/// deactivates activations that received nothing for their collection age. No per-activation timers;
/// a scan of 100k activations is a few milliseconds once a minute.
/// </summary>
internal sealed class ActivationCollector(Catalog catalog, IOptions<GrainCollectionOptions> options) : IDisposable
{
    private readonly GrainCollectionOptions _options = options.Value;
    private ITimer? _timer;

    public void Start() =>
        _timer = catalog.TimeProvider.CreateTimer(static state => ((ActivationCollector)state!).CollectIdle(), this, _options.CollectionQuantum, _options.CollectionQuantum);

    public void Stop() => _timer?.Dispose();

    public void Dispose() => Stop();

    /// <summary>One scan; public so a test or an operator command can force it.</summary>
    public void CollectIdle()
    {
        var now = catalog.TimeProvider.GetTimestamp();
        var scanned = 0;
        foreach (var activation in catalog.Activations)
        {
            scanned++;
            var grainClass = activation.GrainClass;
            if (!grainClass.KeepAlive)
            {
                activation.CollectIfIdle(now, grainClass.CollectionAge ?? _options.CollectionAge);
            }
        }

        catalog.Log.CollectionScanned(scanned);
    }
}
