using Orleans;

namespace ChatDb.Grains;

/// <summary>
/// Export of one user, session or panel from the running cluster, one grain per export (key <see cref="NewKey"/>):
/// the records <c>chatdb export</c> writes and <c>chatdb import</c> reads, as of one point in time, in chunks of
/// bytes, for a cluster client (<c>ChatDbClient.ExportUserAsync</c>). The REST routes <c>GET /users/{userId}/export</c>
/// and <c>GET /panels/{panelId}/export</c> serve the same bytes.
/// </summary>
public interface IExportGrain : IGrainWithStringKey
{
    /// <summary>
    /// The export of user <paramref name="userId"/> (or one session of theirs, with <paramref name="sessionId"/>), or of
    /// panel <paramref name="panelId"/> (then the user and session are null): JSON Lines, or with
    /// <paramref name="asJsonArray"/> one JSON array. NotFoundError for an entity without data, ValidationError for a bad
    /// id or combination, before any chunk.
    /// </summary>
    IAsyncEnumerable<byte[]> ExportAsync(string? userId, string? sessionId, string? panelId, bool asJsonArray);

    /// <summary>A key no other export uses: each export has an activation of its own.</summary>
    static string NewKey() => "export_" + Guid.NewGuid().ToString("N");
}
