using System.Net;
using System.Net.Http.Headers;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Client;

public sealed partial class ChatDbRestClient
{
    // === Knowledge ===

    public Task<KnowledgePutResult> PutKnowledgeAsync(string userId, string filename, byte[] content, string? contentType = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var bytes = new ByteArrayContent(content);
        // Without a type of its own the silo reads the format from the extension, as the cluster path does.
        bytes.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/octet-stream");
        return SendAsync(HttpMethod.Put, KnowledgePath(userId, filename), bytes, KnowledgeJsonContext.Default.KnowledgePutResult, cancellationToken);
    }

    public Task<IReadOnlyList<KnowledgeDocument>> ListKnowledgeAsync(string userId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, User(userId) + "/knowledge", content: null, KnowledgeJsonContext.Default.IReadOnlyListKnowledgeDocument, cancellationToken);

    /// <summary>False for the API's own 404 (no such document); any other failure throws.</summary>
    public async Task<bool> DeleteKnowledgeAsync(string userId, string filename, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Delete, KnowledgePath(userId, filename), content: null, nullOnNotFound: true, cancellationToken).ConfigureAwait(false);
        return response is { StatusCode: HttpStatusCode.NoContent or HttpStatusCode.OK };
    }

    public Task<IReadOnlyList<KnowledgeHit>> RetrieveAsync(string userId, string query, int? k = null, string? sessionId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var url = new QueryString(User(userId) + "/retrieve").Add("q", query).Add("k", k).Add("sessionId", sessionId);
        return SendAsync(HttpMethod.Get, url.ToString(), content: null, KnowledgeJsonContext.Default.IReadOnlyListKnowledgeHit, cancellationToken);
    }

    /// <summary>The document's path; the filename is escaped as one segment, so a hostile one never reshapes the URL.</summary>
    private static string KnowledgePath(string userId, string filename) => $"{User(userId)}/knowledge/{ClientIds.Segment(filename, "filename")}";
}
