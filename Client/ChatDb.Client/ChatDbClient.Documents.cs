using ChatDb.Storage;
using System.Text.Json;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Storage.Keys;

namespace ChatDb.Client;

public sealed partial class ChatDbClient
{
    // === Documents ===

    /// <summary>
    /// Stores a document in the session (replacing one of the same name); <paramref name="metadata"/> becomes
    /// its initial analysis, and the MIME type is guessed from the extension when <paramref name="mimeType"/> is null.
    /// Returns the stored document, whose <see cref="DocumentInfo.Path"/> is the seed's "storage path".
    /// </summary>
    public Task<DocumentInfo> SaveDocumentAsync(
        string userId,
        string sessionId,
        string filename,
        byte[] content,
        Dictionary<string, JsonElement>? metadata = null,
        string? mimeType = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Session(userId, sessionId).SaveDocumentAsync(filename, content, mimeType, metadata).WaitAsync(cancellationToken);
    }

    /// <summary>The document's bytes, or null when the session or the document does not exist.</summary>
    public Task<byte[]?> GetDocumentAsync(string userId, string sessionId, string filename, CancellationToken cancellationToken = default) =>
        OrNullAsync(Session(userId, sessionId).GetDocumentAsync(filename), cancellationToken);

    public Task<IReadOnlyList<DocumentInfo>> ListDocumentsAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        Session(userId, sessionId).ListDocumentsAsync().WaitAsync(cancellationToken);

    /// <summary>Merges <paramref name="analysis"/> into the document's analysis (a JSON null removes a key).</summary>
    public Task<DocumentInfo> UpdateDocumentAnalysisAsync(
        string userId, string sessionId, string filename, Dictionary<string, JsonElement> analysis, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return Session(userId, sessionId).UpdateDocumentAnalysisAsync(filename, analysis).WaitAsync(cancellationToken);
    }

    // === Context ===

    public Task<SituationalContext> UpdateContextAsync(string userId, string sessionId, SituationalContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Session(userId, sessionId).UpdateContextAsync(context).WaitAsync(cancellationToken);
    }

    /// <summary>The current context, or null when none was set (or the session does not exist).</summary>
    public async Task<SituationalContext?> GetContextAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await Session(userId, sessionId).GetContextAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundError)
        {
            return null;
        }
    }

    /// <summary>Saves <paramref name="context"/> (the current context when null) to the session's history.</summary>
    public Task<ContextSnapshot> SaveContextSnapshotAsync(
        string userId, string sessionId, SituationalContext? context = null, CancellationToken cancellationToken = default) =>
        Session(userId, sessionId).SaveContextSnapshotAsync(context).WaitAsync(cancellationToken);

    /// <summary>The context history, newest first; all of it when <paramref name="limit"/> is null.</summary>
    public Task<IReadOnlyList<ContextSnapshot>> GetContextHistoryAsync(
        string userId, string sessionId, int? limit = null, CancellationToken cancellationToken = default) =>
        Session(userId, sessionId).GetContextHistoryAsync(limit).WaitAsync(cancellationToken);

    /// <summary>The contexts alone, as the REST API returns them; <see cref="GetContextHistoryAsync"/> also gives each snapshot's id.</summary>
    async Task<IReadOnlyList<SituationalContext>> IChatDb.GetContextHistoryAsync(
        string userId, string sessionId, int? limit, CancellationToken cancellationToken)
    {
        var snapshots = await GetContextHistoryAsync(userId, sessionId, limit, cancellationToken).ConfigureAwait(false);
        return [.. snapshots.Select(s => s.Context)];
    }

    public Task<RollingSummaryResult> SummarizeContextAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        _client.GetGrain<ISessionSummaryGrain>(
            ChatGrainKeys.Session(ClientIds.Require(userId, "user id"), ClientIds.Require(sessionId, "session id"))).SummarizeAsync().WaitAsync(cancellationToken);
}
