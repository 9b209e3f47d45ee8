using System.Text.Json.Serialization;
using ChatDb.Grains.Models;
using Orleans;

namespace ChatDb.Grains.Events;

/// <summary>The session came back from the trash, as it was when it was deleted.</summary>
[Immutable]
public sealed record SessionRestored(string UserId, string SessionId, DateTimeOffset Timestamp, ChatSession Session)
    : SessionEvent(UserId, SessionId, Timestamp)
{
    [JsonIgnore]
    public override string Kind => ChatEventKinds.SessionRestored;
}
