using System.Text.Json;
using ChatDb.Grains.Models;
using Microsoft.Agents.AI;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace ChatDb.Client.AgentFramework;

/// <summary>
/// The Microsoft Agent Framework's chat history kept in a ChatDb session, through <see cref="IChatDb"/> (the
/// Orleans <see cref="ChatDbClient"/> or the REST <see cref="ChatDbRestClient"/>): before each agent turn it
/// gives the agent the session's newest messages as Microsoft.Extensions.AI messages, and after the turn it
/// appends the turn's new request and response messages with their structured parts (tool calls and results
/// included) in one batch, so a turn is stored whole or not at all.
/// </summary>
/// <remarks>
/// Which session a conversation uses is the provider's state in the agent session's state bag
/// (<see cref="State"/>): it is serialized with the agent session, so a deserialized agent session finds its
/// ChatDb session again; a provider built with a session id resumes that session in any new agent session.
/// Without one, the first stored turn creates a session (titled <see cref="ChatDbHistoryOptions.NewSessionTitle"/>).
/// Message ids are ChatDb's own: a model's message id is kept in the metadata key <see cref="SourceMessageIdKey"/>,
/// because models reuse one id for several messages of a response and ChatDb takes a repeated id as a retry.
/// </remarks>
public sealed class ChatDbChatHistoryProvider : ChatHistoryProvider
{
    /// <summary>The metadata key that keeps the message id a model or caller gave a stored message.</summary>
    public const string SourceMessageIdKey = "source_message_id";

    // The Agent Framework marks where a request message came from in this additional property; it describes
    // one invocation, not the conversation, so it is not stored.
    private static readonly string AttributionKey = AgentRequestMessageSourceAttribution.AdditionalPropertiesKey;

    private readonly IChatDb _chatDb;
    private readonly ChatDbHistoryOptions _options;
    private readonly ProviderSessionState<State> _state;

    /// <param name="chatDb">The ChatDb door the history goes through.</param>
    /// <param name="userId">The user whose session keeps the conversation.</param>
    /// <param name="sessionId">The session to use; null to create one at the first stored turn.</param>
    /// <param name="options">How much history to load and how to name a new session.</param>
    public ChatDbChatHistoryProvider(IChatDb chatDb, string userId, string? sessionId = null, ChatDbHistoryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(chatDb);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        _chatDb = chatDb;
        _options = options ?? new ChatDbHistoryOptions();
        _options.Validate();
        _state = new ProviderSessionState<State>(_ => new State { UserId = userId, SessionId = sessionId }, nameof(ChatDbChatHistoryProvider), JsonSerializerOptions.Web);
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> StateKeys => [_state.StateKey];

    /// <summary>The ChatDb user and session of an agent session; the session id is null until the first turn is stored.</summary>
    public (string UserId, string? SessionId) GetConversation(AgentSession? session)
    {
        var state = _state.GetOrInitializeState(session);
        return (state.UserId, state.SessionId);
    }

    /// <inheritdoc />
    protected override async ValueTask<IEnumerable<AIChatMessage>> ProvideChatHistoryAsync(InvokingContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = _state.GetOrInitializeState(context.Session);
        if (state.SessionId is null)
        {
            return [];
        }

        var query = _options.HistoryTokens is { } tokens
            ? new MessageQuery { FitTokens = tokens }
            : new MessageQuery { Latest = true, Limit = _options.MaxMessages };
        var messages = await _chatDb.GetMessagesAsync(state.UserId, state.SessionId, query, cancellationToken).ConfigureAwait(false);
        return [.. messages.Select(message => message.ToAIChatMessage())];
    }

    /// <inheritdoc />
    protected override async ValueTask StoreChatHistoryAsync(InvokedContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var turn = context.RequestMessages.Concat(context.ResponseMessages ?? []).Select(ToNewMessage).ToList();
        if (turn.Count == 0)
        {
            return;
        }

        var state = _state.GetOrInitializeState(context.Session);
        if (state.SessionId is null)
        {
            var created = await _chatDb.CreateSessionAsync(state.UserId, _options.NewSessionTitle, cancellationToken: cancellationToken).ConfigureAwait(false);
            state = state with { SessionId = created.Id };
            _state.SaveState(context.Session, state);
        }

        foreach (var batch in turn.Chunk(_options.MaxMessagesPerBatch))
        {
            await _chatDb.AddMessagesAsync(state.UserId, state.SessionId, batch, cancellationToken).ConfigureAwait(false);
        }
    }

    private static NewMessage ToNewMessage(AIChatMessage message)
    {
        if (message.AdditionalProperties?.ContainsKey(AttributionKey) == true)
        {
            message = message.Clone();
            message.AdditionalProperties = new(message.AdditionalProperties!.Where(pair => pair.Key != AttributionKey));
        }

        var stored = message.FromAIChatMessage();
        var metadata = stored.Metadata is null ? [] : new Dictionary<string, JsonElement>(stored.Metadata, StringComparer.Ordinal);
        if (stored.Id is { } id)
        {
            metadata[SourceMessageIdKey] = JsonSerializer.SerializeToElement(id);
        }

        return stored with { Id = null, Metadata = metadata.Count == 0 ? null : metadata };
    }

    /// <summary>The provider's state in an agent session: whose session keeps the conversation.</summary>
    public sealed record State
    {
        public required string UserId { get; init; }

        public string? SessionId { get; init; }
    }
}
