namespace ChatDb.Client;

/// <summary>Exports from the running silo (docs/OPERATIONS.md §2): what <c>chatdb import</c> reads, as of one point in time.</summary>
public partial interface IChatDb
{
    /// <summary>
    /// The export of a user (or of one session of theirs, with <paramref name="sessionId"/>) as the silo streams it:
    /// <paramref name="format"/> <c>jsonl</c> is what <c>chatdb import</c> reads, <c>json</c> the same records as one
    /// array. Read the stream to its end and dispose it; it is not buffered. NotFoundError for a user or session without
    /// data, before the stream is returned.
    /// </summary>
    Task<Stream> ExportUserAsync(string userId, string? sessionId = null, string format = "jsonl", CancellationToken cancellationToken = default);

    /// <summary>The export of a panel as the silo streams it; see <see cref="ExportUserAsync"/>.</summary>
    Task<Stream> ExportPanelAsync(string panelId, string format = "jsonl", CancellationToken cancellationToken = default);
}
