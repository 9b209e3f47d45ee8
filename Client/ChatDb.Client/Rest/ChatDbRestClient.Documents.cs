using System.Net.Http.Headers;
using System.Text.Json;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Client;

public sealed partial class ChatDbRestClient
{
    // === Documents ===

    /// <summary>
    /// Uploads the document; with <paramref name="metadata"/>, a second request stores it as the analysis
    /// (the upload route takes raw bytes only), so a failure between the two leaves the document without it.
    /// </summary>
    public async Task<DocumentInfo> SaveDocumentAsync(
        string userId,
        string sessionId,
        string filename,
        byte[] content,
        Dictionary<string, JsonElement>? metadata = null,
        string? mimeType = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = Document(userId, sessionId, filename);
        var bytes = new ByteArrayContent(content);
        // Without a type of its own the silo guesses from the extension, as the cluster path does.
        bytes.Headers.ContentType = new MediaTypeHeaderValue(mimeType ?? "application/octet-stream");
        var document = await SendAsync(HttpMethod.Put, path, bytes, ChatDbJsonContext.Default.DocumentInfo, cancellationToken).ConfigureAwait(false);
        return metadata is null
            ? document
            : await UpdateDocumentAnalysisAsync(userId, sessionId, filename, metadata, cancellationToken).ConfigureAwait(false);
    }

    public async Task<byte[]?> GetDocumentAsync(string userId, string sessionId, string filename, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, Document(userId, sessionId, filename), content: null, nullOnNotFound: true, cancellationToken)
            .ConfigureAwait(false);
        return response is null ? null : await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<DocumentInfo>> ListDocumentsAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, Session(userId, sessionId) + "/documents", content: null, ChatDbJsonContext.Default.IReadOnlyListDocumentInfo, cancellationToken);

    /// <summary>Merges <paramref name="analysis"/> into the document's analysis (a JSON null removes a key).</summary>
    public Task<DocumentInfo> UpdateDocumentAnalysisAsync(
        string userId, string sessionId, string filename, Dictionary<string, JsonElement> analysis, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return SendAsync(HttpMethod.Put, Document(userId, sessionId, filename) + "/analysis",
            Json(analysis, ChatDbJsonContext.Default.DictionaryStringJsonElement), ChatDbJsonContext.Default.DocumentInfo, cancellationToken);
    }

    // === Context ===

    public Task<SituationalContext> UpdateContextAsync(string userId, string sessionId, SituationalContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SendAsync(HttpMethod.Put, Session(userId, sessionId) + "/context", Json(context, ChatDbJsonContext.Default.SituationalContext),
            ChatDbJsonContext.Default.SituationalContext, cancellationToken);
    }

    public Task<SituationalContext?> GetContextAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync(Session(userId, sessionId) + "/context", ChatDbJsonContext.Default.SituationalContext, cancellationToken);

    public Task<ContextSnapshot> SaveContextSnapshotAsync(
        string userId, string sessionId, SituationalContext? context = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, Session(userId, sessionId) + "/context/snapshots",
            context is null ? null : Json(context, ChatDbJsonContext.Default.SituationalContext), ChatDbJsonContext.Default.ContextSnapshot, cancellationToken);

    public Task<IReadOnlyList<SituationalContext>> GetContextHistoryAsync(
        string userId, string sessionId, int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, new QueryString(Session(userId, sessionId) + "/context/history").Add("limit", limit).ToString(), content: null,
            ChatDbJsonContext.Default.IReadOnlyListSituationalContext, cancellationToken);

    public Task<RollingSummaryResult> SummarizeContextAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, Session(userId, sessionId) + "/context/summarize", content: null, ChatDbJsonContext.Default.RollingSummaryResult, cancellationToken);

    private static string Document(string userId, string sessionId, string filename) =>
        $"{Session(userId, sessionId)}/documents/{ClientIds.Segment(filename, "document filename")}";
}
