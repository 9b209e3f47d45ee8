using System.Collections.Concurrent;
using ChatDb.Runtime.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatDb.Runtime;

/// <summary>
/// The silo's activation directory and the in-process call invoker: finds or creates the one
/// activation of a grain id and hands it the request.
/// </summary>
internal sealed class Catalog : IGrainCallInvoker
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly GrainClassRegistry _classes;
    private readonly SiloMessagingOptions _messaging;
    private readonly CancellationTokenSource _stopping = new();
    private Exception? _killed;
    private IGrainFactory? _grainFactory;

    public Catalog(
        IServiceProvider services,
        GrainClassRegistry classes,
        TimeProvider timeProvider,
        IOptions<SiloMessagingOptions> messaging,
        RuntimeMetrics metrics,
        ILogger<Catalog> logger)
    {
        Services = services;
        _classes = classes;
        TimeProvider = timeProvider;
        _messaging = messaging.Value;
        Metrics = metrics;
        Log = new RuntimeLog(logger);
    }

    public IServiceProvider Services { get; }

    public TimeProvider TimeProvider { get; }

    public RuntimeMetrics Metrics { get; }

    public RuntimeLog Log { get; }

    /// <summary>The silo's factory, handed to grains for their outgoing calls.</summary>
    public IGrainFactory GrainFactory => _grainFactory ??= (IGrainFactory)Services.GetService(typeof(IGrainFactory))!;

    /// <summary>Cancelled when the silo stops: activations still loading give up.</summary>
    public CancellationToken StoppingToken => _stopping.Token;

    public int Count => _activations.Count;

    public ICollection<ActivationData> Activations => _activations.Values;

    public TimeSpan GetResponseTimeout(GrainMethodDescriptor method) => method.ResponseTimeout ?? _messaging.ResponseTimeout;

    public Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_killed is not null)
        {
            return Task.FromException<TResult>(_killed);
        }

        request.CallChainId = RequestContext.CallChainId;
        Metrics.CallReceived();
        if (!Metrics.MeasuresCallDuration)
        {
            return GetOrCreate(target).ReceiveAsync(request);
        }

        var started = TimeProvider.GetTimestamp();
        var call = GetOrCreate(target).ReceiveAsync(request);
        Metrics.TrackCallDuration(call, started, TimeProvider);
        return call;
    }

    /// <summary>Hands a request that already has a waiting caller to the current activation of <paramref name="target"/>.</summary>
    public void Deliver(GrainId target, GrainRequest request)
    {
        if (_killed is not null)
        {
            request.Fail(_killed);
            return;
        }

        GetOrCreate(target).Deliver(request);
    }

    public bool TryGetActivation(GrainId grainId, out ActivationData? activation) => _activations.TryGetValue(grainId, out activation);

    public void Remove(ActivationData activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));

    private ActivationData GetOrCreate(GrainId grainId) =>
        _activations.TryGetValue(grainId, out var activation)
            ? activation
            : _activations.GetOrAdd(grainId, static (id, catalog) => new ActivationData(id, catalog._classes.GetClass(id), catalog), this);

    /// <summary>Graceful stop: every activation runs <c>OnDeactivateAsync</c> once its current requests are done.</summary>
    public async Task DeactivateAllAsync(CancellationToken cancellationToken)
    {
        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "the silo is stopping");
        var all = _activations.Values.ToArray();
        foreach (var activation in all)
        {
            activation.RequestDeactivation(reason);
        }

        try
        {
            await Task.WhenAll(all.Select(a => a.WhenDeactivated)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out (a request that never completes): stop anyway.
            Log.ShutdownIncomplete(all.Count(a => !a.WhenDeactivated.IsCompleted));
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>Simulated crash: no grain code runs any more; pending and later calls fail.</summary>
    public void Kill(string siloName)
    {
        _killed = new InvalidOperationException($"Silo '{siloName}' was killed; its activations are gone.");
        _stopping.Cancel();
        foreach (var activation in _activations.Values.ToArray())
        {
            activation.Kill(_killed);
        }
    }
}
