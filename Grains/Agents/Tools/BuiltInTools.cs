using System.Globalization;
using ChatDb.Grains.Models;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.AI;
using Orleans;

namespace ChatDb.Grains.Agents.Tools;

/// <summary>
/// The built-in tools as <see cref="AIFunction"/>s for one run. They act with the agent owner's rights only: the
/// session tool reads sessions of <see cref="BuiltInTools(IGrainFactory, TimeProvider, EntityIdFormat, string, string)"/>'s
/// user and no one else's.
/// </summary>
internal sealed class BuiltInTools(IGrainFactory grains, TimeProvider time, EntityIdFormat ids, string userId, string defaultSessionId)
{
    /// <summary>The most messages <c>recent_messages</c> returns.</summary>
    public const int MaxRecentMessages = 50;

    public IReadOnlyList<AIFunction> For(IReadOnlyList<string> names) =>
        names.Select(name => name switch
        {
            AgentToolNames.CurrentTime => CurrentTime(),
            AgentToolNames.RecentMessages => RecentMessages(),
            _ => throw new InvalidOperationException($"tool '{name}' has no implementation."),
        }).ToList();

    private AIFunction CurrentTime() => AIFunctionFactory.Create(
        () => time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        AgentToolNames.CurrentTime,
        "The current date and time, UTC, in ISO 8601.");

    private AIFunction RecentMessages() => AIFunctionFactory.Create(
        async (string? sessionId = null, int? count = null) =>
        {
            var session = ids.Validate(GeneratedIdKind.Session, sessionId ?? defaultSessionId);
            var limit = Math.Clamp(count ?? 10, 1, MaxRecentMessages);
            var messages = await grains.GetGrain<ISessionGrain>(ChatGrainKeys.Session(userId, session))
                .GetMessagesAsync(new MessageQuery { Limit = limit, Latest = true });
            return messages.Select(m => new { seq = m.Seq, role = m.Role, content = m.Content }).ToList();
        },
        AgentToolNames.RecentMessages,
        "The newest messages of one of the user's sessions (the run's session when sessionId is left out), oldest first.");
}
