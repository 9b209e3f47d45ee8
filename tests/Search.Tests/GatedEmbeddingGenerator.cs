using ChatDb.Grains.Search;
using Microsoft.Extensions.AI;

namespace ChatDb.Search.Tests;

/// <summary>
/// The offline hashing embedder with a gate: embedding a text that holds <see cref="Trigger"/> blocks the calling
/// thread until <see cref="Open"/>. Had a search embedded its query on the search grain's scheduler, the grain would
/// stall with it; on the thread pool only that search waits.
/// </summary>
internal sealed class GatedEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The word that makes an embedding wait for the gate.</summary>
    public const string Trigger = "gatedquery";

    /// <summary>How long a blocked embedding waits at most, so a test that never opens the gate fails instead of hanging.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    private readonly HashingEmbeddingGenerator _inner = new();
    private readonly ManualResetEventSlim _gate = new(initialState: false);
    private readonly TaskCompletionSource _blocked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when an embedding of <see cref="Trigger"/> is waiting at the gate.</summary>
    public Task Blocked => _blocked.Task;

    public void Open() => _gate.Set();

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        if (texts.Any(t => t.Contains(Trigger, StringComparison.Ordinal)))
        {
            _blocked.TrySetResult();
            if (!_gate.Wait(MaxWait, cancellationToken))
            {
                throw new TimeoutException($"An embedding of '{Trigger}' waited {MaxWait.TotalSeconds} s for a gate the test never opened.");
            }
        }

        return _inner.GenerateAsync(texts, options, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType.IsInstanceOfType(this) && serviceKey is null ? this : _inner.GetService(serviceType, serviceKey);

    public void Dispose() => _gate.Dispose();
}
