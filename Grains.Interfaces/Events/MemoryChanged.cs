using System.Text.Json.Serialization;
using ChatDb.Grains.Models;
using Orleans;

namespace ChatDb.Grains.Events;

/// <summary>
/// A memory of the user was added, updated or deleted (<see cref="MemoryChangeKinds"/>); published on
/// <c>(user-events, {userId})</c> after the change is in the change log. <see cref="Memory"/> is the memory after the change
/// (before it, for a delete); <see cref="Source"/> what caused it.
/// </summary>
[Immutable]
public sealed record MemoryChanged(string UserId, DateTimeOffset Timestamp, string Op, Memory Memory, MemorySource Source) : ChatEvent(Timestamp)
{
    [JsonIgnore]
    public override string Kind => ChatEventKinds.MemoryChanged;
}
