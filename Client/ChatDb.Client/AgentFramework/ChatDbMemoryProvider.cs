using System.Text.Json;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using Microsoft.Agents.AI;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatRole = Microsoft.Extensions.AI.ChatRole;

namespace ChatDb.Client.AgentFramework;

/// <summary>
/// A user's long-term ChatDb memories in a Microsoft Agent Framework agent, through <see cref="IChatDb"/> (the Orleans
/// <see cref="ChatDbClient"/> or the REST <see cref="ChatDbRestClient"/>): before each invocation it recalls the memories that
/// best answer the user's newest message and gives them as instructions for that invocation (<see cref="MemoryPromptSection"/>,
/// never stored in the history); after a successful invocation it can extract memories from the turn's messages
/// (<see cref="ChatDbMemoryOptions.ExtractAfterInvocation"/>).
/// </summary>
/// <remarks>
/// Extraction reads the ChatDb session that keeps the conversation, from the first message the turn added: the provider
/// notes where the session ended as the invocation starts (in the agent session's state bag, <see cref="State"/>). With a
/// <see cref="ChatDbChatHistoryProvider"/> as the agent's history (<see cref="ChatDbMemoryOptions.History"/>), the
/// Agent Framework stores the turn there before it tells this provider, so the turn is in the session when it is read.
/// </remarks>
public sealed class ChatDbMemoryProvider : AIContextProvider
{
    private readonly IChatDb _chatDb;
    private readonly string _userId;
    private readonly ChatDbMemoryOptions _options;
    private readonly ProviderSessionState<State> _state;

    /// <param name="chatDb">The ChatDb door the memories go through.</param>
    /// <param name="userId">The user whose memories they are.</param>
    /// <param name="options">How many to recall, for which agent, and whether to extract.</param>
    public ChatDbMemoryProvider(IChatDb chatDb, string userId, ChatDbMemoryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(chatDb);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        _chatDb = chatDb;
        _userId = userId;
        _options = options ?? new ChatDbMemoryOptions();
        _options.Validate();
        _state = new ProviderSessionState<State>(_ => new State(), nameof(ChatDbMemoryProvider), JsonSerializerOptions.Web);
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> StateKeys => [_state.StateKey];

    /// <summary>The memories recalled for the newest user message of <paramref name="context"/>, as instructions; nothing when none is found.</summary>
    protected override async ValueTask<AIContext> ProvideAIContextAsync(InvokingContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_options.ExtractAfterInvocation)
        {
            await NoteSessionEndAsync(context.Session, cancellationToken).ConfigureAwait(false);
        }

        var query = Query(context.AIContext.Messages);
        if (query.Length == 0)
        {
            return new AIContext();
        }

        var hits = await _chatDb.RecallMemoriesAsync(_userId, query, _options.Recall, _options.AgentId, cancellationToken).ConfigureAwait(false);
        var section = MemoryPromptSection.Format(hits.Select(hit => MemoryPromptSection.Line(hit.Memory.Text)));
        return section.Length == 0 ? new AIContext() : new AIContext { Instructions = section };
    }

    /// <summary>Extracts memories from the turn's messages when <see cref="ChatDbMemoryOptions.ExtractAfterInvocation"/> is set.</summary>
    protected override async ValueTask StoreAIContextAsync(InvokedContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_options.ExtractAfterInvocation || SessionOf(context.Session) is not { } sessionId)
        {
            return;
        }

        var state = _state.GetOrInitializeState(context.Session);
        try
        {
            var result = await _chatDb.ExtractMemoriesAsync(_userId, sessionId, state.ExtractFromSeq, _options.AgentId, cancellationToken).ConfigureAwait(false);
            _options.Extracted?.Invoke(result);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _options.ExtractionFailed?.Invoke(error);
        }
    }

    /// <summary>The recall query: the text of the newest user message, cut to <see cref="Memory.MaxTextChars"/> characters.</summary>
    private static string Query(IEnumerable<AIChatMessage>? messages)
    {
        var text = messages?.LastOrDefault(m => m.Role == ChatRole.User && !string.IsNullOrWhiteSpace(m.Text))?.Text.Trim() ?? string.Empty;
        return text.Length <= Memory.MaxTextChars ? text : text[..Memory.MaxTextChars].TrimEnd();
    }

    private string? SessionOf(AgentSession? session) => _options.SessionId ?? _options.History?.GetConversation(session).SessionId;

    /// <summary>Keeps the seq after the session's newest message: the turn's messages start there (at 1 in a session not created yet).</summary>
    private async Task NoteSessionEndAsync(AgentSession? session, CancellationToken cancellationToken)
    {
        long next = 1;
        if (SessionOf(session) is { } sessionId)
        {
            try
            {
                var newest = await _chatDb.GetMessagesAsync(_userId, sessionId, new MessageQuery { Latest = true, Limit = 1 }, cancellationToken).ConfigureAwait(false);
                next = newest.Count == 0 ? 1 : newest[^1].Seq + 1;
            }
            catch (NotFoundError)
            {
                // Not created yet: the turn starts it. (An extraction of a session that never comes is reported then.)
            }
        }

        _state.SaveState(session, new State { ExtractFromSeq = next });
    }

    /// <summary>The provider's state in an agent session: where the current turn's messages start in the ChatDb session.</summary>
    public sealed record State
    {
        /// <summary>The first seq the next extraction reads; null: the whole session.</summary>
        public long? ExtractFromSeq { get; init; }
    }
}
