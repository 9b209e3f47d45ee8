using ChatDb.Grains.Knowledge.Extraction;
using ChatDb.Grains.Models;
using ChatDb.Grains.Search;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;

namespace ChatDb.Grains.Knowledge;

/// <summary>
/// The chunks of one session's documents (key <c>{userId}/{sessionId}</c>; docs/RAG.md, "Session documents"). Nothing is
/// stored: before each retrieval the session's document list is compared with what is indexed (by size and upload time),
/// so a document uploaded or replaced since is read and chunked like a knowledge document, and one no longer listed is
/// dropped. Documents of a format extraction does not read (images) are skipped.
/// </summary>
[GrainType(KnowledgeGrainTypes.SessionKnowledge)]
public sealed class SessionKnowledgeGrain : Grain, ISessionKnowledgeGrain
{
    private readonly KnowledgeOptions _options;
    private readonly EntityIdFormat _ids;
    private readonly ILogger<SessionKnowledgeGrain> _logger;
    private readonly KnowledgeIndex _index;
    private readonly Dictionary<string, (long Size, DateTimeOffset UploadedAt)> _seen = new(StringComparer.Ordinal);
    private string _userId = string.Empty;
    private string _sessionId = string.Empty;

    public SessionKnowledgeGrain(IServiceProvider services, IOptions<KnowledgeOptions> options, EntityIdFormat ids, ILogger<SessionKnowledgeGrain> logger)
    {
        _options = options.Value;
        _ids = ids;
        _logger = logger;
        _index = new KnowledgeIndex(services.GetService<IEmbeddingGenerator<string, Embedding<float>>>() ?? new HashingEmbeddingGenerator());
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = ChatGrainKeys.ParseSession(this.GetPrimaryKeyString(), _ids);
        (_userId, _sessionId) = (key.UserId, key.SessionId);
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<KnowledgeHit>> RetrieveAsync(string query, int k)
    {
        var subject = $"documents of session {_sessionId} of user {_userId}";
        var k1 = KnowledgeGrain.ValidateQuery(new KnowledgeQuery { Query = query, K = k }, subject);
        await SyncAsync(subject);
        return await _index.RetrieveAsync(query, k1);
    }

    private async Task SyncAsync(string subject)
    {
        var session = GrainFactory.GetGrain<ISessionGrain>(ChatGrainKeys.Session(_userId, _sessionId));
        var listed = (await session.ListDocumentsAsync())
            .Where(d => KnowledgeFormat.Extensions.ContainsKey(Path.GetExtension(d.Filename)))
            .ToDictionary(d => d.Filename, StringComparer.Ordinal);
        foreach (var gone in _seen.Keys.Where(name => !listed.ContainsKey(name)).ToList())
        {
            _seen.Remove(gone);
            _index.Remove(gone);
        }

        foreach (var document in listed.Values)
        {
            var signature = (document.Size, document.UploadedAt);
            if (_seen.TryGetValue(document.Filename, out var seen) && seen == signature)
            {
                continue;
            }

            _seen[document.Filename] = signature;
            try
            {
                var content = await session.GetDocumentAsync(document.Filename);
                var (_, chunks) = await KnowledgeReader.ReadAsync(KnowledgeFormat.Of(document.Filename, document.MimeType), content, _options);
                await _index.PutAsync(document.Filename, chunks);
            }
            catch (ExtractionFailed failure)
            {
                _index.Remove(document.Filename);
                KnowledgeLog.DocumentFailed(_logger, subject, document.Filename, failure.Message);
            }
        }
    }
}
