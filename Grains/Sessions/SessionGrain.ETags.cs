using System.Text.Json;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage.Ids;

namespace ChatDb.Grains.Sessions;

public sealed partial class SessionGrain
{
    // The session's ETag is of the session as GetAsync returns it, with updated_at as the activation knows it (moved by
    // every message, written to session.json only at deactivation), so a message changes it as it changes the record.
    public async Task<ETagged<ChatSession>> GetWithETagAsync() => EntityTags.Tag(await GetAsync());

    public async Task<ETagged<ChatSession>> UpdateIfMatchAsync(SessionPatch patch, string? ifMatch)
    {
        await EnsureSessionMatchesAsync(ifMatch);
        return EntityTags.Tag(await UpdateAsync(patch));
    }

    public async Task<SessionDeletionReport> DeleteIfMatchAsync(string? ifMatch)
    {
        await EnsureSessionMatchesAsync(ifMatch);
        return await DeleteAsync();
    }

    public async Task<ETagged<SituationalContext>?> GetContextWithETagAsync() =>
        await GetContextAsync() is { } context ? EntityTags.Tag(context) : null;

    public async Task<ETagged<SituationalContext>> UpdateContextIfMatchAsync(SituationalContext context, string? ifMatch)
    {
        var current = await GetContextAsync();
        EntityTags.Ensure(ifMatch, () => current is null ? null : EntityTags.Of(current), "situational context of " + Subject);
        return EntityTags.Tag(await UpdateContextAsync(context));
    }

    public async Task<ETagged<DocumentContent>> GetDocumentWithETagAsync(string filename)
    {
        var content = await GetDocumentAsync(filename);
        return EntityTags.Tag(new DocumentContent(await RequireDocumentAsync(filename), content));
    }

    public async Task<ETagged<DocumentInfo>> SaveDocumentIfMatchAsync(
        string filename, byte[] content, string? mimeType, Dictionary<string, JsonElement>? metadata, string? ifMatch)
    {
        RequireSession();
        ValidateFilename(filename);
        if (ifMatch is not null)
        {
            var stored = (await _documents.GetAsync()).State.ContainsKey(filename) ? await DocumentETagAsync(filename) : null;
            EntityTags.Ensure(ifMatch, () => stored, DocumentSubject(filename));
        }

        var info = await SaveDocumentAsync(filename, content, mimeType, metadata);
        return new ETagged<DocumentInfo>(info, EntityTags.Of(info, content));
    }

    public async Task<ETagged<DocumentInfo>> UpdateDocumentAnalysisIfMatchAsync(string filename, Dictionary<string, JsonElement> analysis, string? ifMatch)
    {
        var current = await GetDocumentWithETagAsync(filename);
        EntityTags.Ensure(ifMatch, () => current.ETag, DocumentSubject(filename));
        var info = await UpdateDocumentAnalysisAsync(filename, analysis);
        return new ETagged<DocumentInfo>(info, EntityTags.Of(info, current.Value.Content));
    }

    private async Task EnsureSessionMatchesAsync(string? ifMatch)
    {
        // Read first: a missing session is a NotFoundError whatever the caller expected.
        var current = await GetAsync();
        EntityTags.Ensure(ifMatch, () => EntityTags.Of(current), Subject);
    }

    private async Task<string> DocumentETagAsync(string filename) => (await GetDocumentWithETagAsync(filename)).ETag;

    private string DocumentSubject(string filename) => $"document {IdText.Escape(filename)} of {Subject}";
}
