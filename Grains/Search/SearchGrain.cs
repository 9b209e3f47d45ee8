using ChatDb.Grains.Models;
using Orleans;
using Orleans.Runtime;
using ChatDb.Storage.Files;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.AI;
using ChatMessage = ChatDb.Grains.Models.ChatMessage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Orleans.Providers;
using ChatDb.Storage.Fencing;

namespace ChatDb.Grains.Search;

/// <summary>
/// The search index of one user (key: user id): a <see cref="MessageSearchIndex"/> in memory,
/// persisted in the files collection <c>index</c> (<see cref="FullTextSegment.FileName"/>,
/// <see cref="VectorSegment.FileName"/>), fed by the session grains through
/// <see cref="SearchIndexingEventPublisher"/> and checked against the session logs before the first
/// search of each activation. Notifications interleave with everything and never call out, so a
/// session waiting on the search grain can never deadlock with a search waiting on that session.
/// Searches are read-only calls that interleave with each other: each one's scoring runs on the thread pool, so the
/// searches of one user run side by side on every core (see <see cref="SearchAsync"/> and <see cref="IndexReaders"/>).
/// </summary>
[FencedEntity]
[GrainType(ChatGrainTypes.Search)]
public sealed partial class SearchGrain : Grain, ISearchGrain
{
    public const string IndexCollection = "index";

    private readonly IGrainFileStorage _files;
    private readonly SearchOptions _options;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embedder;
    private readonly ILogger<SearchGrain> _logger;
    private readonly SemaphoreSlim _fileGate = new(1, 1);
    private readonly List<(string SessionId, ChatMessage Message)> _toEmbed = [];
    private readonly HashSet<string> _stale = new(StringComparer.Ordinal);
    private readonly IndexReaders _readers = new();
    private Task? _catchUp;
    private MessageSearchIndex _index = null!;
    private string _userId = string.Empty;
    private bool _checkedAgainstLogs;
    private bool _dirty;
    private IGrainTimer? _flushTimer;

    public SearchGrain(
        [FromKeyedServices(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)] IGrainFileStorage files,
        IOptions<SearchOptions> options,
        IServiceProvider services,
        ILogger<SearchGrain> logger)
    {
        _files = files;
        _options = options.Value;
        _embedder = _options.Vectors
            ? services.GetService<IEmbeddingGenerator<string, Embedding<float>>>() ?? new HashingEmbeddingGenerator(tokenizer: _options.Tokenizer)
            : null;
        _logger = logger;
    }

    private IUserGrain User => GrainFactory.GetGrain<IUserGrain>(_userId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _userId = ChatGrainKeys.ParseSearch(this.GetPrimaryKeyString());
        _index = await LoadAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await EmbedPendingAsync();
            await FlushAsync();
        }
        catch (Exception e) when (e is StorageError or IOException)
        {
            SearchLog.FlushFailed(_logger, e, _userId);
        }
    }

    /// <summary>
    /// A read-only call: Orleans runs several at once, interleaved on the activation's scheduler, never beside
    /// <see cref="RebuildAsync"/> or <see cref="DeleteAsync"/>. The turn itself only checks and waits: the query's
    /// embedding (which needs no index) and then the scoring (BM25, the vector scan, fusion, snippets) run on the
    /// thread pool (<see cref="SearchThreads"/>), so queries of one user use every core and none waits behind
    /// another's scoring.
    /// </summary>
    /// <remarks>
    /// Why the pool may read the index while the grain goes on taking calls: everything that changes the index
    /// (notifications, catch-up, embedding, rebuild, delete, the compaction before a flush) runs on the activation's
    /// scheduler and first awaits <see cref="IndexReaders.BeforeChangeAsync"/>, which returns only when no search is
    /// reading; the change then completes before its next await, and a search can enter only in a turn of its own. So
    /// a search reads an index that no change touches until it is done, and sees every change made before it entered.
    /// Catch-up (the first search of an activation, sessions with a gap) happens before a search enters, once for all
    /// the searches waiting on it.
    /// </remarks>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = query.Limit ?? _options.DefaultLimit;
        FullTextIndex.ValidateLimit(limit);
        var filter = new SearchFilter(query.SessionId, query.Role, query.From, query.To, query.Entity, query.Metadata);
        var request = new SearchRequest(query.Q ?? string.Empty, query.Mode, filter, limit);
        var index = _index;

        // A remote embedder may take its time: the query goes to it first, and no change to the index waits for
        // that. The offline embedder takes microseconds, so its query is embedded in the scoring's own hop.
        var embedFirst = request.Mode != SearchMode.FullText && index.Vectors is not null && _embedder is not HashingEmbeddingGenerator;
        var queryVector = embedFirst ? await SearchThreads.Run(() => index.EmbedQueryAsync(request)) : null;
        await CatchUpOnceAsync();
        await _readers.EnterAsync();
        try
        {
            return await SearchThreads.Run(() => embedFirst ? Task.FromResult(index.Search(request, queryVector)) : index.SearchAsync(request));
        }
        finally
        {
            _readers.Exit();
        }
    }

    public async Task<SearchIndexStatus> RebuildAsync()
    {
        await _readers.BeforeChangeAsync();
        _index.Clear();
        _toEmbed.Clear();
        _stale.Clear();
        _checkedAgainstLogs = false;
        await CatchUpAsync();
        _dirty = true;
        await FlushAsync();
        return Status();
    }

    public Task<SearchIndexStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task DeleteAsync()
    {
        await _readers.BeforeChangeAsync();
        _index.Clear();
        _toEmbed.Clear();
        _stale.Clear();
        _checkedAgainstLogs = false;
        await DeleteFilesAsync();
    }

    public async Task OnMessageAddedAsync(string sessionId, ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _readers.BeforeChangeAsync();
        var indexed = _index.FullText.HighWaterMark(sessionId);
        if (message.Seq <= indexed)
        {
            return;
        }

        if (message.Seq == indexed + 1 && !_stale.Contains(sessionId))
        {
            _index.AddText(sessionId, message);
            if (_index.Vectors is not null)
            {
                _toEmbed.Add((sessionId, message));
            }
        }
        else
        {
            _stale.Add(sessionId); // a gap: the log fills it before the next search
        }

        MarkDirty();
    }

    public async Task OnContextUpdatedAsync(string sessionId, SituationalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await _readers.BeforeChangeAsync();
        _index.SetSessionEntities(sessionId, Entities(context));
        MarkDirty();
    }

    public async Task OnSessionDeletedAsync(string sessionId)
    {
        await _readers.BeforeChangeAsync();
        _stale.Remove(sessionId);
        _toEmbed.RemoveAll(m => m.SessionId == sessionId);
        var removed = _index.RemoveSession(sessionId);
        if (_index.Sessions.Count == 0)
        {
            await DeleteFilesAsync(); // the last session of the user went: leave no index file behind
        }
        else if (removed)
        {
            MarkDirty();
        }
    }

    private SearchIndexStatus Status() => new(
        _userId,
        _index.FullText.DocumentCount,
        _index.Sessions.Count,
        _index.FullText.TermCount,
        _index.Vectors?.Count ?? 0,
        _index.Embedder?.ToString(),
        _checkedAgainstLogs);

    private static IEnumerable<string> Entities(SituationalContext context) =>
        context.Entities?.Values.SelectMany(names => names ?? []) ?? [];

    private void MarkDirty()
    {
        _dirty = true;
        _flushTimer ??= this.RegisterGrainTimer(
            FlushOnTimerAsync, new GrainTimerCreationOptions { DueTime = _options.FlushDelay, Period = Timeout.InfiniteTimeSpan });
    }

    private async Task FlushOnTimerAsync(CancellationToken cancellationToken)
    {
        _flushTimer?.Dispose();
        _flushTimer = null;
        try
        {
            await EmbedPendingAsync();
            await FlushAsync();
        }
        catch (Exception e) when (e is StorageError or IOException)
        {
            SearchLog.FlushFailed(_logger, e, _userId);
            MarkDirty();
        }
    }
}
