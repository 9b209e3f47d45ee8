using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Storage;

namespace ChatDb.Client;

public sealed partial class ChatDbRestClient
{
    // === Optimistic concurrency: the ETag header of reads and writes, If-Match on writes (a stale one answers 412) ===

    public Task<ETagged<UserProfile>?> GetUserProfileWithETagAsync(string userId, CancellationToken cancellationToken = default) =>
        GetTaggedOrNullAsync(User(userId), ChatDbJsonContext.Default.UserProfile, cancellationToken);

    public Task<ETagged<UserProfile>> PutUserProfileIfMatchAsync(
        string userId, UserProfileInput profile, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return SendTaggedAsync(HttpMethod.Put, User(userId), Json(profile, ChatDbJsonContext.Default.UserProfileInput), ifMatch,
            ChatDbJsonContext.Default.UserProfile, cancellationToken);
    }

    public Task<ETagged<UserProfile>> UpdateUserProfileIfMatchAsync(
        string userId, UserProfilePatch updates, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        return SendTaggedAsync(HttpMethod.Patch, User(userId), Json(updates, ChatDbJsonContext.Default.UserProfilePatch), ifMatch,
            ChatDbJsonContext.Default.UserProfile, cancellationToken);
    }

    public async Task<UserDeletionReport> DeleteUserIfMatchAsync(string userId, string? ifMatch, CancellationToken cancellationToken = default) =>
        (await SendTaggedAsync(HttpMethod.Delete, User(userId), content: null, ifMatch, ChatDbJsonContext.Default.UserDeletionReport, cancellationToken)
            .ConfigureAwait(false)).Value;

    public Task<ETagged<ChatSession>?> GetSessionWithETagAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        GetTaggedOrNullAsync(Session(userId, sessionId), ChatDbJsonContext.Default.ChatSession, cancellationToken);

    public Task<ETagged<ChatSession>> UpdateSessionIfMatchAsync(
        string userId, string sessionId, SessionPatch updates, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        return SendTaggedAsync(HttpMethod.Patch, Session(userId, sessionId), Json(updates, ChatDbJsonContext.Default.SessionPatch), ifMatch,
            ChatDbJsonContext.Default.ChatSession, cancellationToken);
    }

    public async Task<SessionDeletionReport> DeleteSessionIfMatchAsync(
        string userId, string sessionId, string? ifMatch, CancellationToken cancellationToken = default) =>
        (await SendTaggedAsync(HttpMethod.Delete, Session(userId, sessionId), content: null, ifMatch, ChatDbJsonContext.Default.SessionDeletionReport,
            cancellationToken).ConfigureAwait(false)).Value;

    public Task<ETagged<SituationalContext>?> GetContextWithETagAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        GetTaggedOrNullAsync(Session(userId, sessionId) + "/context", ChatDbJsonContext.Default.SituationalContext, cancellationToken);

    public Task<ETagged<SituationalContext>> UpdateContextIfMatchAsync(
        string userId, string sessionId, SituationalContext context, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SendTaggedAsync(HttpMethod.Put, Session(userId, sessionId) + "/context", Json(context, ChatDbJsonContext.Default.SituationalContext), ifMatch,
            ChatDbJsonContext.Default.SituationalContext, cancellationToken);
    }

    public async Task<ETagged<byte[]>?> GetDocumentWithETagAsync(string userId, string sessionId, string filename, CancellationToken cancellationToken = default)
    {
        var path = Document(userId, sessionId, filename);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(request, nullOnNotFound: true, cancellationToken).ConfigureAwait(false);
        return response is null
            ? null
            : new ETagged<byte[]>(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false), ETagOf(response, HttpMethod.Get, path));
    }

    public Task<ETagged<DocumentInfo>> SaveDocumentIfMatchAsync(
        string userId, string sessionId, string filename, byte[] content, string? mimeType, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var bytes = new ByteArrayContent(content);
        // Without a type of its own the silo guesses from the extension, as the cluster path does.
        bytes.Headers.ContentType = new MediaTypeHeaderValue(mimeType ?? "application/octet-stream");
        return SendTaggedAsync(HttpMethod.Put, Document(userId, sessionId, filename), bytes, ifMatch, ChatDbJsonContext.Default.DocumentInfo, cancellationToken);
    }

    public Task<ETagged<DocumentInfo>> UpdateDocumentAnalysisIfMatchAsync(
        string userId, string sessionId, string filename, Dictionary<string, JsonElement> analysis, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return SendTaggedAsync(HttpMethod.Put, Document(userId, sessionId, filename) + "/analysis",
            Json(analysis, ChatDbJsonContext.Default.DictionaryStringJsonElement), ifMatch, ChatDbJsonContext.Default.DocumentInfo, cancellationToken);
    }

    public Task<ETagged<Persona>?> GetPersonaWithETagAsync(string personaId, string? userId = null, CancellationToken cancellationToken = default) =>
        GetTaggedOrNullAsync(Persona(personaId, userId), ChatDbJsonContext.Default.Persona, cancellationToken);

    public Task<ETagged<Persona>> SavePersonaIfMatchAsync(
        string personaId, Dictionary<string, JsonElement> data, string? userId, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return SendTaggedAsync(HttpMethod.Put, Persona(personaId, userId), Json(data, ChatDbJsonContext.Default.DictionaryStringJsonElement), ifMatch,
            ChatDbJsonContext.Default.Persona, cancellationToken);
    }

    public async Task<bool> DeletePersonaIfMatchAsync(string personaId, string? userId, string? ifMatch, CancellationToken cancellationToken = default)
    {
        using var request = WithIfMatch(new HttpRequestMessage(HttpMethod.Delete, Persona(personaId, userId)), ifMatch);
        using var response = await SendAsync(request, nullOnNotFound: true, cancellationToken).ConfigureAwait(false);
        return response is not null;
    }

    private async Task<ETagged<T>?> GetTaggedOrNullAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(request, nullOnNotFound: true, cancellationToken).ConfigureAwait(false);
        return response is null
            ? null
            : new ETagged<T>(await ReadAsync(response, type, HttpMethod.Get, path, cancellationToken).ConfigureAwait(false), ETagOf(response, HttpMethod.Get, path));
    }

    /// <summary>A write with <c>If-Match</c> (none when <paramref name="ifMatch"/> is null); the ETag is the response's, empty when it has none (a delete).</summary>
    private async Task<ETagged<T>> SendTaggedAsync<T>(
        HttpMethod method, string path, HttpContent? content, string? ifMatch, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var request = WithIfMatch(new HttpRequestMessage(method, path) { Content = content }, ifMatch);
        using var response = (await SendAsync(request, nullOnNotFound: false, cancellationToken).ConfigureAwait(false))!;
        var value = await ReadAsync(response, type, method, path, cancellationToken).ConfigureAwait(false);
        return new ETagged<T>(value, response.Headers.ETag is { } etag ? Unquote(etag) : string.Empty);
    }

    private static HttpRequestMessage WithIfMatch(HttpRequestMessage request, string? ifMatch)
    {
        if (ifMatch is null)
        {
            return request;
        }

        try
        {
            request.Headers.IfMatch.Add(ifMatch == IfMatch.Any ? EntityTagHeaderValue.Any : new EntityTagHeaderValue($"\"{ifMatch}\""));
            return request;
        }
        catch (FormatException)
        {
            request.Dispose();
            throw new ValidationError($"ETag \"{ifMatch}\" cannot be sent as an If-Match entity tag (rule: entity-tag-syntax): ETags are the values reads return.");
        }
    }

    private static string ETagOf(HttpResponseMessage response, HttpMethod method, string path) =>
        response.Headers.ETag is { } etag
            ? Unquote(etag)
            : throw new StorageError($"{method} /{path} answered {(int)response.StatusCode} without the ETag header it always sends.");

    private static string Unquote(EntityTagHeaderValue etag) => etag.Tag.Trim('"');
}
