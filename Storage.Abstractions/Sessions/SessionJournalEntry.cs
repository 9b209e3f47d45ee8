using System.Text.Json;

namespace ChatDb.Storage.Sessions;

/// <summary>What a line of a user's session journal says about one session.</summary>
public enum SessionJournalAction
{
    /// <summary>The session was created; the entry holds its record.</summary>
    Created,

    /// <summary>The session is being removed (deleted, moved to the trash): its creation must never be replayed.</summary>
    Removed,
}

/// <summary>
/// One line of a user's session journal (the user grain's log <c>session_journal</c>; with the flatfile provider
/// <c>users/{user_id}/sessions.jsonl</c>, docs/STORAGE.md §6). A create is acknowledged once its <see cref="SessionJournalAction.Created"/>
/// line is durable; the session's own record is written after it without waiting for the disk, and recovery rebuilds
/// it from <see cref="Session"/> when a crash lost it, unless a later <see cref="SessionJournalAction.Removed"/> line
/// names the session.
/// </summary>
/// <param name="SessionId">The session the line is about.</param>
/// <param name="Action">Created or removed.</param>
/// <param name="Session">The session's record (the <c>session</c> state) as created; null for a removal.</param>
public sealed record SessionJournalEntry(string SessionId, SessionJournalAction Action, JsonElement? Session = null)
{
    /// <summary>
    /// The sessions whose creation <paramref name="entries"/> record and no later line removes, in journal order, each
    /// with the entry of its last creation.
    /// </summary>
    public static IReadOnlyList<SessionJournalEntry> Live(IEnumerable<SessionJournalEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var live = new Dictionary<string, SessionJournalEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Action == SessionJournalAction.Created && entry.Session is not null)
            {
                live[entry.SessionId] = entry;
            }
            else
            {
                live.Remove(entry.SessionId);
            }
        }

        return [.. live.Values];
    }
}
