using System.Globalization;
using System.Text;
using ChatDb.Grains.Models;
using ChatDb.Grains.Search;
using ChatDb.Storage;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.AI;
using Orleans;

namespace ChatDb.Grains.Agents.Tools;

/// <summary>
/// The built-in tools as <see cref="AIFunction"/>s for one run. They act with the agent owner's rights only: every
/// session id a tool is given is validated and resolved under <see cref="BuiltInTools(IGrainFactory, TimeProvider, EntityIdFormat, string, string?)"/>'s
/// user, so another user's session or document is simply not found.
/// </summary>
internal sealed class BuiltInTools(IGrainFactory grains, TimeProvider time, EntityIdFormat ids, string userId, string? defaultSessionId)
{
    /// <summary>The most messages <c>recent_messages</c> returns.</summary>
    public const int MaxRecentMessages = 50;

    /// <summary>The most hits <c>search_sessions</c> returns.</summary>
    public const int MaxSearchHits = 20;

    /// <summary>The longest text <c>read_document</c> returns, in characters; the rest is cut and marked.</summary>
    public const int MaxDocumentChars = 12_000;

    public AIFunction Create(string name) => name switch
    {
        AgentToolNames.CurrentTime => CurrentTime(),
        AgentToolNames.RecentMessages => RecentMessages(),
        AgentToolNames.SearchSessions => SearchSessions(),
        AgentToolNames.ReadDocument => ReadDocument(),
        _ => throw new InvalidOperationException($"tool '{name}' has no implementation."),
    };

    private AIFunction CurrentTime() => AIFunctionFactory.Create(
        () => time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        AgentToolNames.CurrentTime,
        "The current date and time, UTC, in ISO 8601.");

    private AIFunction RecentMessages() => AIFunctionFactory.Create(
        async (string? sessionId = null, int? count = null) =>
        {
            var session = SessionOf(sessionId);
            var limit = Math.Clamp(count ?? 10, 1, MaxRecentMessages);
            var messages = await grains.GetGrain<ISessionGrain>(ChatGrainKeys.Session(userId, session))
                .GetMessagesAsync(new MessageQuery { Limit = limit, Latest = true });
            return messages.Select(m => new { seq = m.Seq, role = m.Role, content = m.Content }).ToList();
        },
        AgentToolNames.RecentMessages,
        "The newest messages of one of the user's sessions (the run's session when sessionId is left out), oldest first.");

    private AIFunction SearchSessions() => AIFunctionFactory.Create(
        async (string query, int? k = null) =>
        {
            if (string.IsNullOrWhiteSpace(query))
            {
                throw new ValidationError($"{AgentToolNames.SearchSessions}: query must not be empty.");
            }

            var hits = await grains.GetGrain<ISearchGrain>(userId)
                .SearchAsync(new SearchQuery { Q = query, Limit = Math.Clamp(k ?? 5, 1, MaxSearchHits) });
            return hits.Select(h => new { sessionId = h.SessionId, seq = h.Message.Seq, role = h.Message.Role, snippet = h.Snippet }).ToList();
        },
        AgentToolNames.SearchSessions,
        "Searches all of the user's sessions; returns the best k hits (default 5, at most 20) with session id, message seq and a snippet.");

    private AIFunction ReadDocument() => AIFunctionFactory.Create(
        async (string documentId, string? sessionId = null) =>
        {
            var session = SessionOf(sessionId);
            var stored = await grains.GetGrain<ISessionGrain>(ChatGrainKeys.Session(userId, session)).GetDocumentWithETagAsync(documentId);
            var document = stored.Value;
            var text = Encoding.UTF8.GetString(document.Content);
            var truncated = text.Length > MaxDocumentChars;
            return new
            {
                documentId = document.Info.Filename,
                sessionId = session,
                mimeType = document.Info.MimeType,
                sizeBytes = document.Info.Size,
                text = truncated ? text[..MaxDocumentChars] : text,
                truncated,
            };
        },
        AgentToolNames.ReadDocument,
        "The text of a document (by its filename) of one of the user's sessions, the run's session when sessionId is left out; at most 12,000 characters.");

    /// <summary>The session a tool reads: the one it is given, else the run's; a panel run has none, so there it must be given.</summary>
    private string SessionOf(string? sessionId) => sessionId is null && defaultSessionId is null
        ? throw new ValidationError("sessionId is required (rule: required): a panel run has no session of its own.")
        : ids.Validate(GeneratedIdKind.Session, sessionId ?? defaultSessionId);
}
