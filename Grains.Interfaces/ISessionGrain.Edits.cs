using ChatDb.Grains.Models;

namespace ChatDb.Grains;

/// <summary>
/// Edits, deletions, redactions and forks of a session's messages (docs/API.md, "Editing and forking"). The
/// message log is never rewritten for an edit or a delete: each is a record of the session's edits log that
/// names its target seq, and reads return the current version. Sequence numbers stay gapless.
/// </summary>
public partial interface ISessionGrain
{
    /// <summary>
    /// Writes a new version of message <paramref name="seq"/> and returns it (<c>edited</c> set). NotFoundError
    /// for a seq the session does not have or no longer shows (deleted, redacted); ValidationError for an empty
    /// patch; StorageLimitExceeded for MaxMessageSizeBytes.
    /// </summary>
    Task<ChatMessage> EditMessageAsync(long seq, MessagePatch patch);

    /// <summary>
    /// Deletes message <paramref name="seq"/>: reads skip it from now on; its seq stays taken. Deleting it again
    /// changes nothing. NotFoundError for a seq the session does not have.
    /// </summary>
    Task DeleteMessageAsync(long seq);

    /// <summary>
    /// Erases message <paramref name="seq"/> (GDPR): its content and metadata leave every file of the session,
    /// its edit history included, and the same seq is redacted in every fork that copied it. Reads skip it like a
    /// deleted message; a content-free audit record stays. Repeating it repeats the erasure (to finish one a crash
    /// interrupted). NotFoundError for a seq the session does not have.
    /// </summary>
    /// <param name="seq">The message.</param>
    /// <param name="requestedBy">Who asked, for the audit record, when known.</param>
    Task RedactMessageAsync(long seq, string? requestedBy);

    /// <summary>
    /// A new session of the same user holding messages 1..<see cref="ForkRequest.AtSeq"/> as they read now (see
    /// <see cref="ForkSeed"/>), the situational context and the documents those messages refer to; it records
    /// its origin, and this session records the fork. ValidationError for a seq beyond the last (or below 1).
    /// </summary>
    Task<ChatSession> ForkAsync(ForkRequest request);

    /// <summary>Called by the origin on a fork it just created; fills it. ValidationError unless the fork is new and empty.</summary>
    Task<ChatSession> SeedForkAsync(ForkSeed seed);
}
