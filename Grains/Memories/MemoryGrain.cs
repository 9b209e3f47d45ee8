using ChatDb.Storage.Fencing;
using ChatDb.Grains.Events;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Grains.Search;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Logs;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace ChatDb.Grains.Memories;

/// <summary>
/// A user's long-term memories (key <c>{userId}</c>; docs/MEMORY.md). Every change is appended to the change log
/// <c>changes</c> (one append per call, so an extraction's changes land together or not at all); every
/// <see cref="SnapshotEvery"/> changes (and as the grain deactivates) the whole set is written as the snapshot
/// <c>memories</c>. An activation reads the
/// snapshot and replays the log records after it. Embeddings live only here: made as memories are written and again at
/// activation.
/// </summary>
[GrainType(MemoryGrainTypes.Memory)]
[FencedEntity]
public sealed partial class MemoryGrain : Grain, IMemoryGrain
{
    /// <summary>How many log records may follow the snapshot before a new one is written.</summary>
    public const int SnapshotEvery = 64;

    /// <summary>How many texts one embedding call carries.</summary>
    private const int EmbedBatch = 64;

    private readonly IPersistentState<MemorySnapshot> _snapshot;
    private readonly IPersistentLog<MemoryChange> _changes;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly MemoryExtractors _extractors;
    private readonly IChatEventPublisher _events;
    private readonly TimeProvider _time;
    private readonly ILogger<MemoryGrain> _logger;
    private readonly MemoryIndex _index = new(Tokenizer.Default);
    private string _userId = string.Empty;

    public MemoryGrain(
        [PersistentState("memories")] IPersistentState<MemorySnapshot> snapshot,
        [PersistentLog("changes")] IPersistentLog<MemoryChange> changes,
        IServiceProvider services,
        MemoryExtractors extractors,
        IChatEventPublisher events,
        TimeProvider time,
        ILogger<MemoryGrain> logger)
    {
        _snapshot = snapshot;
        _changes = changes;
        _embedder = services.GetService<IEmbeddingGenerator<string, Embedding<float>>>() ?? new HashingEmbeddingGenerator();
        _extractors = extractors;
        _events = events;
        _time = time;
        _logger = logger;
    }

    private string Subject => $"memories of user {_userId}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _userId = ChatGrainKeys.ParseMemory(this.GetPrimaryKeyString());
        var snapshot = _snapshot.State ?? new MemorySnapshot();
        foreach (var memory in snapshot.Memories)
        {
            _index.Put(memory, null);
        }

        // The log records after the snapshot: the changes made since it was written.
        for (var from = snapshot.LogCount + 1; from <= _changes.Count;)
        {
            var entries = await _changes.ReadAsync(from, 1_000, cancellationToken);
            if (entries.Count == 0)
            {
                break;
            }

            foreach (var entry in entries)
            {
                Apply(entry.Value, null);
            }

            from = entries[^1].Sequence + 1;
        }

        await EmbedMissingAsync(cancellationToken);
    }

    /// <summary>Leaves a snapshot that covers the whole log, so the next activation replays nothing.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_changes.Count > (_snapshot.State?.LogCount ?? 0))
        {
            await WriteSnapshotAsync();
        }
    }

    public async Task<Memory> AddAsync(NewMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var now = ChatClock.Now(_time);
        var source = MemoryRules.Source(memory.Source, Subject);
        var added = new Memory(
            ChatGrainKeys.NewMemoryId(), MemoryRules.Text(memory.Text, Subject), source, MemoryRules.AgentId(memory.AgentId),
            now, now, memory.ExpiresAt, MemoryRules.Importance(memory.Importance, Subject));
        await CommitAsync([new MemoryChange(MemoryChangeKinds.Add, added, source, now)]);
        return added;
    }

    public async Task<Memory> UpdateAsync(string memoryId, MemoryPatch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var current = Require(memoryId);
        if (patch.ClearExpiry == true && patch.ExpiresAt is not null)
        {
            throw new ValidationError($"{Subject}: give expiresAt or clearExpiry, not both (rule: memory-expiry).");
        }

        var now = ChatClock.Now(_time);
        var updated = current with
        {
            Text = patch.Text is null ? current.Text : MemoryRules.Text(patch.Text, Subject),
            Importance = patch.Importance is null ? current.Importance : MemoryRules.Importance(patch.Importance, Subject),
            ExpiresAt = patch.ClearExpiry == true ? null : patch.ExpiresAt ?? current.ExpiresAt,
            UpdatedAt = now,
        };
        await CommitAsync([new MemoryChange(MemoryChangeKinds.Update, updated, MemorySource.None, now)]);
        return updated;
    }

    public async Task<bool> DeleteAsync(string memoryId)
    {
        ChatGrainKeys.MemoryId(memoryId);
        if (_index.Get(memoryId) is not { } current)
        {
            return false;
        }

        await CommitAsync([new MemoryChange(MemoryChangeKinds.Delete, current, MemorySource.None, ChatClock.Now(_time))]);
        return true;
    }

    public Task<Memory?> GetAsync(string memoryId) => Task.FromResult(_index.Get(ChatGrainKeys.MemoryId(memoryId)));

    public Task<IReadOnlyList<Memory>> ListAsync(MemoryQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = MemoryRules.Limit(query.Limit, MemoryQuery.DefaultLimit, MemoryQuery.MaxLimit, "limit", Subject);
        if (query.Offset < 0)
        {
            throw new ValidationError($"{Subject}: offset {query.Offset} must be 0 or more.");
        }

        var agentId = MemoryRules.AgentId(query.AgentId);
        var now = ChatClock.Now(_time);
        IReadOnlyList<Memory> page = [.. _index.Memories
            .Where(m => (query.IncludeExpired || !m.IsExpiredAt(now)) && MemoryIndex.InScope(m, agentId))
            .Skip(query.Offset)
            .Take(limit)];
        return Task.FromResult(page);
    }

    public async Task<IReadOnlyList<MemoryHit>> RecallAsync(MemoryRecallQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var k = MemoryRules.Limit(query.K, MemoryRecallQuery.DefaultK, MemoryRecallQuery.MaxK, "k", Subject);
        var agentId = MemoryRules.AgentId(query.AgentId);
        if (string.IsNullOrWhiteSpace(query.Query))
        {
            throw new ValidationError($"{Subject}: the recall query is required (rule: recall-query-required).");
        }

        if (query.Query.Length > Memory.MaxTextChars)
        {
            throw new StorageLimitExceeded(
                $"{Subject}: the recall query has {query.Query.Length} characters; the limit {MemoryRules.TextLimitName} is {Memory.MaxTextChars}.",
                MemoryRules.TextLimitName, Memory.MaxTextChars, query.Query.Length);
        }

        return _index.Recall(query.Query, await EmbedQueryAsync(query.Query), k, agentId, ChatClock.Now(_time));
    }

    public async Task<int> DeleteAllAsync()
    {
        var count = _index.Count;
        await _changes.ClearAsync();
        await _snapshot.ClearStateAsync();
        _snapshot.State = new MemorySnapshot();
        _index.Clear();
        return count;
    }

    private Memory Require(string memoryId) =>
        _index.Get(ChatGrainKeys.MemoryId(memoryId)) ?? throw new NotFoundError($"memory {memoryId} of user {_userId} does not exist.");

    /// <summary>
    /// Appends the changes as one group (durable, or nothing), then applies them here, publishes one event each, and writes
    /// a new snapshot when enough records follow the last one.
    /// </summary>
    private async Task CommitAsync(IReadOnlyList<MemoryChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        var vectors = await EmbedAsync([.. changes.Where(c => c.Op != MemoryChangeKinds.Delete).Select(c => c.Memory.Text).Distinct(StringComparer.Ordinal)]);
        await _changes.AppendAsync(changes);
        foreach (var change in changes)
        {
            Apply(change, vectors?.GetValueOrDefault(change.Memory.Text));
        }

        if (_changes.Count - (_snapshot.State?.LogCount ?? 0) >= SnapshotEvery)
        {
            await WriteSnapshotAsync();
        }

        foreach (var change in changes)
        {
            await _events.PublishSafelyAsync(_logger, ChatStreams.UserEvents, ChatStreams.UserKey(_userId),
                new MemoryChanged(_userId, change.At, change.Op, change.Memory, change.Source));
        }
    }

    private void Apply(MemoryChange change, float[]? vector)
    {
        if (change.Op == MemoryChangeKinds.Delete)
        {
            _index.Remove(change.Memory.Id);
        }
        else
        {
            _index.Put(change.Memory, vector);
        }
    }

    /// <summary>A failed snapshot costs only a longer replay at the next activation: the log holds every change.</summary>
    private async Task WriteSnapshotAsync()
    {
        try
        {
            await _snapshot.WriteOrRevertAsync(new MemorySnapshot { LogCount = _changes.Count, Memories = [.. _index.Memories] });
        }
        catch (Exception e) when (e is StorageError or IOException)
        {
            MemoryLog.SnapshotFailed(_logger, e, _userId);
        }
    }

    /// <summary>Unit vectors of the texts; null when the embedder fails (the memories are then recalled by their words).</summary>
    private async Task<Dictionary<string, float[]>?> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        try
        {
            var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
            foreach (var batch in texts.Chunk(EmbedBatch))
            {
                var embeddings = await _embedder.GenerateAsync(batch, cancellationToken: cancellationToken);
                for (var i = 0; i < batch.Length && i < embeddings.Count; i++)
                {
                    if (MemoryIndex.Normalize(embeddings[i].Vector.Span) is { } unit)
                    {
                        vectors[batch[i]] = unit;
                    }
                }
            }

            return vectors;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            MemoryLog.EmbeddingFailed(_logger, e, _userId, texts.Count);
            return null;
        }
    }

    private async Task<float[]?> EmbedQueryAsync(string query) => (await EmbedAsync([query]))?.GetValueOrDefault(query);

    private async Task EmbedMissingAsync(CancellationToken cancellationToken)
    {
        var missing = _index.WithoutVector();
        if (missing.Count == 0)
        {
            return;
        }

        if (await EmbedAsync([.. missing.Select(m => m.Text).Distinct(StringComparer.Ordinal)], cancellationToken) is { } vectors)
        {
            foreach (var memory in missing)
            {
                if (vectors.TryGetValue(memory.Text, out var vector))
                {
                    _index.SetVector(memory.Id, vector);
                }
            }
        }
    }
}
