using System.Text;
using System.Text.Json;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Knowledge.Chunking;
using ChatDb.Grains.Knowledge.Extraction;
using ChatDb.Grains.Models;
using ChatDb.Grains.Search;
using ChatDb.Storage;
using ChatDb.Storage.Fencing;
using ChatDb.Storage.Files;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Json;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Orleans.Providers;

namespace ChatDb.Grains.Knowledge;

/// <summary>
/// A user's knowledge base (key <c>{userId}</c>; docs/RAG.md). A document is written file first (<c>files/</c>), then its
/// text and chunks (<c>text/</c>, <c>chunks/</c>), and listed last (<c>documents.json</c>), each write atomic: a crash
/// between them leaves a document unlisted or listed as before, never listed without its bytes. The search index is
/// rebuilt from the chunks when the grain activates.
/// </summary>
[GrainType(KnowledgeGrainTypes.Knowledge)]
[FencedEntity]
public sealed class KnowledgeGrain : Grain, IKnowledgeGrain
{
    private const string FilesCollection = "files";
    private const string TextCollection = "text";
    private const string ChunksCollection = "chunks";

    private readonly IPersistentState<Dictionary<string, KnowledgeDocument>> _documents;
    private readonly IGrainFileStorage _files;
    private readonly KnowledgeOptions _options;
    private readonly EntityIdFormat _ids;
    private readonly TimeProvider _time;
    private readonly ILogger<KnowledgeGrain> _logger;
    private readonly KnowledgeIndex _index;
    private string _userId = string.Empty;

    public KnowledgeGrain(
        [PersistentState("documents")] IPersistentState<Dictionary<string, KnowledgeDocument>> documents,
        [FromKeyedServices(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)] IGrainFileStorage files,
        IServiceProvider services,
        IOptions<KnowledgeOptions> options,
        EntityIdFormat ids,
        TimeProvider time,
        ILogger<KnowledgeGrain> logger)
    {
        _documents = documents;
        _files = files;
        _options = options.Value;
        _ids = ids;
        _time = time;
        _logger = logger;
        _index = new KnowledgeIndex(services.GetService<IEmbeddingGenerator<string, Embedding<float>>>() ?? new HashingEmbeddingGenerator());
    }

    private string Subject => $"knowledge base of user {_userId}";

    private Dictionary<string, KnowledgeDocument> Documents => _documents.State ??= new(StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _userId = ChatGrainKeys.ParseKnowledge(this.GetPrimaryKeyString());
        foreach (var document in Documents.Values.Where(d => d.Status == KnowledgeStatus.Indexed))
        {
            try
            {
                var stored = await _files.ReadAsync(this.GetGrainId(), ChunksCollection, document.Filename + KnowledgeFilenames.ChunksSuffix, cancellationToken);
                if (stored is null)
                {
                    KnowledgeLog.ChunksUnreadable(_logger, _userId, document.Filename, null);
                    continue;
                }

                await _index.PutAsync(document.Filename, ParseChunks(stored), cancellationToken);
            }
            catch (JsonException error)
            {
                KnowledgeLog.ChunksUnreadable(_logger, _userId, document.Filename, error);
            }
        }
    }

    public async Task<KnowledgePutResult> PutAsync(string filename, byte[] content, string? contentType)
    {
        KnowledgeFilenames.Validate(filename);
        if (content is null)
        {
            throw new ValidationError($"{Subject}: document {IdText.Escape(filename)} has no content.");
        }

        StorageLimits.EnsureWithin("Knowledge:MaxDocumentBytes", _options.MaxDocumentBytes, content.LongLength,
            $"size in bytes of knowledge document {IdText.Escape(filename)} of user {_userId}");
        var replaced = Documents.ContainsKey(filename);
        if (!replaced)
        {
            StorageLimits.EnsureWithin("Knowledge:MaxDocuments", _options.MaxDocuments, Documents.Count + 1L, $"number of documents in the {Subject}");
        }

        var format = KnowledgeFormat.Of(filename, contentType);
        var now = _time.GetUtcNow();
        string? reason = null;
        List<KnowledgeChunk> chunks = [];
        List<TextBlock> blocks = [];
        try
        {
            (blocks, chunks) = await KnowledgeReader.ReadAsync(format, content, _options);
        }
        catch (ExtractionFailed failure)
        {
            reason = failure.Message;
            KnowledgeLog.DocumentFailed(_logger, Subject, filename, reason);
        }

        var grain = this.GetGrainId();
        await _files.WriteAsync(grain, FilesCollection, filename, content);
        if (reason is null)
        {
            var text = string.Join("\n\n", blocks.Select(b => b.Text));
            await _files.WriteAsync(grain, TextCollection, filename + KnowledgeFilenames.TextSuffix,
                JsonFiles.ToBytes(new KnowledgeText(filename, format, now, text.Length, text)));
            await _files.WriteAsync(grain, ChunksCollection, filename + KnowledgeFilenames.ChunksSuffix, ChunkLines(chunks));
        }
        else
        {
            await DeleteDerivedAsync(filename);
        }

        var document = new KnowledgeDocument(filename, format, content.LongLength,
            reason is null ? KnowledgeStatus.Indexed : KnowledgeStatus.Failed, reason, chunks.Count, now);
        await _documents.WriteOrRevertAsync(new Dictionary<string, KnowledgeDocument>(Documents, StringComparer.Ordinal) { [filename] = document });
        if (reason is null)
        {
            await _index.PutAsync(filename, chunks);
        }
        else
        {
            _index.Remove(filename);
        }

        return new KnowledgePutResult(filename, document.Status, reason, replaced);
    }

    public Task<IReadOnlyList<KnowledgeDocument>> ListAsync() =>
        Task.FromResult<IReadOnlyList<KnowledgeDocument>>([.. Documents.Values.OrderBy(d => d.Filename, StringComparer.Ordinal)]);

    public Task<KnowledgeDocument> GetAsync(string filename) => Task.FromResult(Require(filename));

    public async Task<bool> DeleteAsync(string filename)
    {
        KnowledgeFilenames.Validate(filename);
        if (!Documents.ContainsKey(filename))
        {
            return false;
        }

        // Unlisted first: a crash after this leaves files no listing names (verify reports them), never a listed document without them.
        var remaining = new Dictionary<string, KnowledgeDocument>(Documents, StringComparer.Ordinal);
        remaining.Remove(filename);
        await _documents.WriteOrRevertAsync(remaining);
        _index.Remove(filename);
        await DeleteDerivedAsync(filename);
        await _files.DeleteAsync(this.GetGrainId(), FilesCollection, filename);
        return true;
    }

    public async Task<IReadOnlyList<KnowledgeHit>> RetrieveAsync(KnowledgeQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var k = ValidateQuery(query, Subject);
        if (query.SessionId is { } sessionId)
        {
            var session = _ids.Validate(GeneratedIdKind.Session, sessionId);
            return await GrainFactory.GetGrain<ISessionKnowledgeGrain>(ChatGrainKeys.Session(_userId, session)).RetrieveAsync(query.Query, k);
        }

        return await _index.RetrieveAsync(query.Query, k);
    }

    public async Task DeleteAllAsync()
    {
        await _files.DeleteAllAsync(this.GetGrainId());
        _documents.State = new(StringComparer.Ordinal);
        _index.Clear();
    }

    /// <summary>Checks the query text and k (1 to <see cref="KnowledgeQuery.MaxK"/>); the k to use.</summary>
    internal static int ValidateQuery(KnowledgeQuery query, string subject)
    {
        if (string.IsNullOrWhiteSpace(query.Query))
        {
            throw new ValidationError($"retrieval from the {subject}: the query must not be empty.");
        }

        StorageLimits.EnsureWithin("MaxQueryChars", KnowledgeQuery.MaxQueryChars, query.Query.Length, $"length of the query to the {subject}");
        var k = query.K ?? KnowledgeQuery.DefaultK;
        if (k is < 1 or > KnowledgeQuery.MaxK)
        {
            throw new ValidationError($"retrieval from the {subject}: k must be 1 to {KnowledgeQuery.MaxK} (was {k}).");
        }

        return k;
    }

    private async Task DeleteDerivedAsync(string filename)
    {
        await _files.DeleteAsync(this.GetGrainId(), TextCollection, filename + KnowledgeFilenames.TextSuffix);
        await _files.DeleteAsync(this.GetGrainId(), ChunksCollection, filename + KnowledgeFilenames.ChunksSuffix);
    }

    private KnowledgeDocument Require(string filename) =>
        Documents.TryGetValue(KnowledgeFilenames.Validate(filename), out var document)
            ? document
            : throw new NotFoundError($"the {Subject} has no document {IdText.Escape(filename)}.");

    private static byte[] ChunkLines(IEnumerable<KnowledgeChunk> chunks)
    {
        var lines = new StringBuilder();
        foreach (var chunk in chunks)
        {
            lines.Append(JsonSerializer.Serialize(chunk, StorageJson.Lines)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(lines.ToString());
    }

    private static List<KnowledgeChunk> ParseChunks(byte[] stored) =>
        [.. Encoding.UTF8.GetString(stored).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<KnowledgeChunk>(line, StorageJson.Lines)
                ?? throw new JsonException("a chunk line holds JSON null."))];
}
