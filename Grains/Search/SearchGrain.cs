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

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = query.Limit ?? _options.DefaultLimit;
        FullTextIndex.ValidateLimit(limit);
        await CatchUpAsync();
        var filter = new SearchFilter(query.SessionId, query.Role, query.From, query.To, query.Entity, query.Metadata);
        return await _index.SearchAsync(new SearchRequest(query.Q ?? string.Empty, query.Mode, filter, limit));
    }

    public async Task<SearchIndexStatus> RebuildAsync()
    {
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
        _index.Clear();
        _toEmbed.Clear();
        _stale.Clear();
        _checkedAgainstLogs = false;
        await DeleteFilesAsync();
    }

    public Task OnMessageAddedAsync(string sessionId, ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var indexed = _index.FullText.HighWaterMark(sessionId);
        if (message.Seq <= indexed)
        {
            return Task.CompletedTask;
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
        return Task.CompletedTask;
    }

    public Task OnContextUpdatedAsync(string sessionId, SituationalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _index.SetSessionEntities(sessionId, Entities(context));
        MarkDirty();
        return Task.CompletedTask;
    }

    public async Task OnSessionDeletedAsync(string sessionId)
    {
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
