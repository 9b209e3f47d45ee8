namespace ChatDb.Client;

public sealed partial class ChatDbRestClient
{
    // === Export ===

    /// <summary>
    /// The export of a user (or of one session of theirs, with <paramref name="sessionId"/>) as the silo streams it
    /// (<c>GET /users/{userId}/export</c>): <paramref name="format"/> <c>jsonl</c> is what <c>chatdb import</c> reads,
    /// <c>json</c> the same records as one array. Read the stream to its end and dispose it; it is not buffered.
    /// </summary>
    public Task<Stream> ExportUserAsync(string userId, string? sessionId = null, string format = "jsonl", CancellationToken cancellationToken = default) =>
        OpenStreamAsync(new QueryString(User(userId) + "/export").Add("format", format)
            .Add("sessionId", sessionId is null ? null : ClientIds.Segment(sessionId, "session id")).ToString(), cancellationToken);

    /// <summary>The export of a panel as the silo streams it (<c>GET /panels/{panelId}/export</c>); see <see cref="ExportUserAsync"/>.</summary>
    public Task<Stream> ExportPanelAsync(string panelId, string format = "jsonl", CancellationToken cancellationToken = default) =>
        OpenStreamAsync(new QueryString(Panel(panelId) + "/export").Add("format", format).ToString(), cancellationToken);

    private async Task<Stream> OpenStreamAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        var response = (await SendAsync(request, nullOnNotFound: false, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false))!;
        return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
    }
}
