using System.Text.Json;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>One version of an edited message, in <see cref="ChatMessage.History"/>: the first is the message as added.</summary>
/// <param name="Content">The text of that version.</param>
/// <param name="Metadata">The metadata of that version.</param>
/// <param name="At">When the version was written: the message's timestamp for the first, the edit's time for later ones.</param>
[Immutable]
public sealed record MessageVersion(string Content, Dictionary<string, JsonElement> Metadata, DateTimeOffset At);
