using ChatDb.Grains.Models;

namespace ChatDb.Client;

/// <summary>Editing, deleting and redacting messages, and forking sessions (docs/API.md, "Editing and forking").</summary>
public partial interface IChatDb
{
    /// <summary>A new version of message <paramref name="seq"/>, returned with <c>edited</c> set; NotFoundError for an unknown, deleted or redacted seq.</summary>
    Task<ChatMessage> EditMessageAsync(string userId, string sessionId, long seq, MessagePatch patch, CancellationToken cancellationToken = default);

    /// <summary>Reads skip message <paramref name="seq"/> from now on (its seq stays taken); NotFoundError for an unknown seq.</summary>
    Task DeleteMessageAsync(string userId, string sessionId, long seq, CancellationToken cancellationToken = default);

    /// <summary>Erases message <paramref name="seq"/>'s content from the disk for good (and from the session's forks); NotFoundError for an unknown seq.</summary>
    Task RedactMessageAsync(string userId, string sessionId, long seq, CancellationToken cancellationToken = default);

    /// <summary>A new session holding the messages up to <see cref="ForkRequest.AtSeq"/> (default: all); ValidationError beyond the last seq.</summary>
    Task<ChatSession> ForkSessionAsync(string userId, string sessionId, ForkRequest? request = null, CancellationToken cancellationToken = default);
}
