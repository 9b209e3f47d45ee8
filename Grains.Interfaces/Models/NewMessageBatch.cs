using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// Messages to append together (<c>POST .../messages/batch</c>): all or none, in one durable write, at most
/// <c>Storage:MaxMessagesPerBatch</c> of them.
/// </summary>
[Immutable]
public sealed record NewMessageBatch
{
    public required IReadOnlyList<NewMessage> Messages { get; init; }
}
