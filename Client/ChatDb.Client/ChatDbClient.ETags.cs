using System.Text.Json;
using ChatDb.Grains.Models;
using ChatDb.Storage;

namespace ChatDb.Client;

public sealed partial class ChatDbClient
{
    // === Optimistic concurrency: reads with the ETag, writes on an expected ETag (the grain compares it in the write's turn) ===

    public Task<ETagged<UserProfile>?> GetUserProfileWithETagAsync(string userId, CancellationToken cancellationToken = default) =>
        User(userId).GetProfileWithETagAsync().WaitAsync(cancellationToken);

    public Task<ETagged<UserProfile>> PutUserProfileIfMatchAsync(
        string userId, UserProfileInput profile, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return User(userId).PutProfileIfMatchAsync(profile, ifMatch).WaitAsync(cancellationToken);
    }

    public Task<ETagged<UserProfile>> UpdateUserProfileIfMatchAsync(
        string userId, UserProfilePatch updates, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        return User(userId).UpdateProfileIfMatchAsync(updates, ifMatch).WaitAsync(cancellationToken);
    }

    public Task<UserDeletionReport> DeleteUserIfMatchAsync(string userId, string? ifMatch, CancellationToken cancellationToken = default) =>
        User(userId).DeleteIfMatchAsync(ifMatch).WaitAsync(cancellationToken);

    public Task<ETagged<ChatSession>?> GetSessionWithETagAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        OrNullAsync(Session(userId, sessionId).GetWithETagAsync(), cancellationToken);

    public Task<ETagged<ChatSession>> UpdateSessionIfMatchAsync(
        string userId, string sessionId, SessionPatch updates, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        return Session(userId, sessionId).UpdateIfMatchAsync(updates, ifMatch).WaitAsync(cancellationToken);
    }

    public Task<SessionDeletionReport> DeleteSessionIfMatchAsync(string userId, string sessionId, string? ifMatch, CancellationToken cancellationToken = default) =>
        Session(userId, sessionId).DeleteIfMatchAsync(ifMatch).WaitAsync(cancellationToken);

    /// <summary>The current context with its ETag, or null when none was set (or the session does not exist).</summary>
    public async Task<ETagged<SituationalContext>?> GetContextWithETagAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await Session(userId, sessionId).GetContextWithETagAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundError)
        {
            return null;
        }
    }

    public Task<ETagged<SituationalContext>> UpdateContextIfMatchAsync(
        string userId, string sessionId, SituationalContext context, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Session(userId, sessionId).UpdateContextIfMatchAsync(context, ifMatch).WaitAsync(cancellationToken);
    }

    public async Task<ETagged<byte[]>?> GetDocumentWithETagAsync(string userId, string sessionId, string filename, CancellationToken cancellationToken = default) =>
        await OrNullAsync(Session(userId, sessionId).GetDocumentWithETagAsync(filename), cancellationToken).ConfigureAwait(false) is { } document
            ? new ETagged<byte[]>(document.Value.Content, document.ETag)
            : null;

    public Task<ETagged<DocumentInfo>> SaveDocumentIfMatchAsync(
        string userId, string sessionId, string filename, byte[] content, string? mimeType, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Session(userId, sessionId).SaveDocumentIfMatchAsync(filename, content, mimeType, metadata: null, ifMatch).WaitAsync(cancellationToken);
    }

    public Task<ETagged<DocumentInfo>> UpdateDocumentAnalysisIfMatchAsync(
        string userId, string sessionId, string filename, Dictionary<string, JsonElement> analysis, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return Session(userId, sessionId).UpdateDocumentAnalysisIfMatchAsync(filename, analysis, ifMatch).WaitAsync(cancellationToken);
    }

    public Task<ETagged<Persona>?> GetPersonaWithETagAsync(string personaId, string? userId = null, CancellationToken cancellationToken = default) =>
        Persona(personaId, userId).GetWithETagAsync().WaitAsync(cancellationToken);

    public Task<ETagged<Persona>> SavePersonaIfMatchAsync(
        string personaId, Dictionary<string, JsonElement> data, string? userId, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Persona(personaId, userId).SaveIfMatchAsync(data, ifMatch).WaitAsync(cancellationToken);
    }

    public async Task<bool> DeletePersonaIfMatchAsync(string personaId, string? userId, string? ifMatch, CancellationToken cancellationToken = default) =>
        await Persona(personaId, userId).DeleteIfMatchAsync(ifMatch).WaitAsync(cancellationToken).ConfigureAwait(false) > 0;
}
