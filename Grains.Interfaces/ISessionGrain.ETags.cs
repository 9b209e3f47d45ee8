using System.Text.Json;
using ChatDb.Grains.Models;
using Orleans;
using Orleans.Concurrency;

namespace ChatDb.Grains;

/// <summary>
/// The session, its context and its documents with their ETags, and writes that happen only when the caller's
/// expected ETag is still the current one (<see cref="IfMatch"/>; null: no condition). The check and the write run
/// in one grain turn; a stale ETag throws <c>PreconditionFailedError</c> and nothing is written. Every method
/// fails with NotFoundError on a session that does not exist, before any ETag is compared.
/// </summary>
public partial interface ISessionGrain
{
    /// <summary>The session and its ETag, which changes with every change of the session, its messages included (they move <c>updated_at</c>).</summary>
    [ReadOnly]
    Task<ETagged<ChatSession>> GetWithETagAsync();

    /// <summary><see cref="UpdateAsync"/> when the session's ETag is <paramref name="ifMatch"/>.</summary>
    Task<ETagged<ChatSession>> UpdateIfMatchAsync(SessionPatch patch, string? ifMatch);

    /// <summary><see cref="DeleteAsync"/> when the session's ETag is <paramref name="ifMatch"/>.</summary>
    Task<SessionDeletionReport> DeleteIfMatchAsync(string? ifMatch);

    /// <summary>The current context and its ETag, or null when none was set.</summary>
    [ReadOnly]
    Task<ETagged<SituationalContext>?> GetContextWithETagAsync();

    /// <summary><see cref="UpdateContextAsync"/> when the current context's ETag is <paramref name="ifMatch"/> (no context matches nothing).</summary>
    Task<ETagged<SituationalContext>> UpdateContextIfMatchAsync(SituationalContext context, string? ifMatch);

    /// <summary>The document's metadata and bytes with their ETag; NotFoundError when there is no such document.</summary>
    [ReadOnly]
    Task<ETagged<DocumentContent>> GetDocumentWithETagAsync(string filename);

    /// <summary>
    /// <see cref="SaveDocumentAsync"/> when the stored document's ETag is <paramref name="ifMatch"/> (a missing
    /// document matches nothing); returns the new metadata with the new ETag. <paramref name="content"/> is passed as to
    /// <see cref="SaveDocumentAsync"/>: not copied, so not changed by the caller until the call has completed.
    /// </summary>
    Task<ETagged<DocumentInfo>> SaveDocumentIfMatchAsync(
        string filename, [Immutable] byte[] content, string? mimeType, Dictionary<string, JsonElement>? metadata, string? ifMatch);

    /// <summary><see cref="UpdateDocumentAnalysisAsync"/> when the document's ETag is <paramref name="ifMatch"/>; NotFoundError without the document.</summary>
    Task<ETagged<DocumentInfo>> UpdateDocumentAnalysisIfMatchAsync(string filename, Dictionary<string, JsonElement> analysis, string? ifMatch);
}
