using System.Text.Json;
using ChatDb.Grains.Models;
using ChatDb.Storage;

namespace ChatDb.Client;

/// <summary>
/// Optimistic concurrency (docs/API.md): reads that return the record with its ETag, and writes that happen only
/// when <c>ifMatch</c> (an ETag from such a read, or <see cref="IfMatch.Any"/>: "it must exist") is still current;
/// null puts no condition. A stale ETag fails with <see cref="PreconditionFailedError"/> and nothing is written.
/// ETags are the same whichever door reads them.
/// </summary>
public partial interface IChatDb
{
    Task<ETagged<UserProfile>?> GetUserProfileWithETagAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the profile, as <see cref="CreateUserAsync"/>; with <paramref name="ifMatch"/>, only replaces.</summary>
    Task<ETagged<UserProfile>> PutUserProfileIfMatchAsync(
        string userId, UserProfileInput profile, string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Merges <paramref name="updates"/> into the profile; <see cref="NotFoundError"/> when the user has none.</summary>
    Task<ETagged<UserProfile>> UpdateUserProfileIfMatchAsync(
        string userId, UserProfilePatch updates, string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Erases the user, as <see cref="DeleteUserAsync"/>, when the profile's ETag is <paramref name="ifMatch"/>.</summary>
    Task<UserDeletionReport> DeleteUserIfMatchAsync(string userId, string? ifMatch, CancellationToken cancellationToken = default);

    Task<ETagged<ChatSession>?> GetSessionWithETagAsync(string userId, string sessionId, CancellationToken cancellationToken = default);

    Task<ETagged<ChatSession>> UpdateSessionIfMatchAsync(
        string userId, string sessionId, SessionPatch updates, string? ifMatch, CancellationToken cancellationToken = default);

    Task<SessionDeletionReport> DeleteSessionIfMatchAsync(string userId, string sessionId, string? ifMatch, CancellationToken cancellationToken = default);

    Task<ETagged<SituationalContext>?> GetContextWithETagAsync(string userId, string sessionId, CancellationToken cancellationToken = default);

    Task<ETagged<SituationalContext>> UpdateContextIfMatchAsync(
        string userId, string sessionId, SituationalContext context, string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>The document's bytes with the document's ETag (of its bytes and its metadata), or null when there is no such document.</summary>
    Task<ETagged<byte[]>?> GetDocumentWithETagAsync(string userId, string sessionId, string filename, CancellationToken cancellationToken = default);

    /// <summary>Stores the document (the MIME type guessed from the extension when null) when its ETag is <paramref name="ifMatch"/>.</summary>
    Task<ETagged<DocumentInfo>> SaveDocumentIfMatchAsync(
        string userId, string sessionId, string filename, byte[] content, string? mimeType, string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Merges <paramref name="analysis"/> into the document's analysis (a JSON null removes a key) when its ETag is <paramref name="ifMatch"/>.</summary>
    Task<ETagged<DocumentInfo>> UpdateDocumentAnalysisIfMatchAsync(
        string userId, string sessionId, string filename, Dictionary<string, JsonElement> analysis, string? ifMatch, CancellationToken cancellationToken = default);

    Task<ETagged<Persona>?> GetPersonaWithETagAsync(string personaId, string? userId = null, CancellationToken cancellationToken = default);

    /// <summary>Saves a new version of the persona (global, or the user's own with <paramref name="userId"/>) when the latest's ETag is <paramref name="ifMatch"/>.</summary>
    Task<ETagged<Persona>> SavePersonaIfMatchAsync(
        string personaId, Dictionary<string, JsonElement> data, string? userId, string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Deletes the persona with all its versions when the latest's ETag is <paramref name="ifMatch"/>; false when there was none.</summary>
    Task<bool> DeletePersonaIfMatchAsync(string personaId, string? userId, string? ifMatch, CancellationToken cancellationToken = default);
}
