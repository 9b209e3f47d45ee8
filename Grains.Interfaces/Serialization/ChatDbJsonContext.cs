using System.Text.Json;
using System.Text.Json.Serialization;
using ChatDb.Grains.Events;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Serialization;

/// <summary>
/// Source-generated JSON metadata for everything the chat grains take and return, for the gateway and
/// the REST API (web defaults: camelCase names, case-insensitive reading). The on-disk format is a
/// different one (snake_case, <c>StorageJson</c>); this context is only for the wire.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ChatMessage))]
[JsonSerializable(typeof(IReadOnlyList<ChatMessage>))]
[JsonSerializable(typeof(IReadOnlyList<ChatDb.Grains.Search.SearchHit>))]
[JsonSerializable(typeof(ChatDb.Grains.Search.SearchQuery))]
[JsonSerializable(typeof(ChatSession))]
[JsonSerializable(typeof(IReadOnlyList<ChatSession>))]
[JsonSerializable(typeof(DocumentInfo))]
[JsonSerializable(typeof(IReadOnlyList<DocumentInfo>))]
[JsonSerializable(typeof(Panel))]
[JsonSerializable(typeof(IReadOnlyList<Panel>))]
[JsonSerializable(typeof(PanelPatch))]
[JsonSerializable(typeof(PanelAnalytics))]
[JsonSerializable(typeof(PanelInsight))]
[JsonSerializable(typeof(IReadOnlyList<PanelInsight>))]
[JsonSerializable(typeof(Persona))]
[JsonSerializable(typeof(IReadOnlyList<Persona>))]
[JsonSerializable(typeof(PersonaVersionInfo))]
[JsonSerializable(typeof(IReadOnlyList<PersonaVersionInfo>))]
[JsonSerializable(typeof(SituationalContext))]
[JsonSerializable(typeof(ContextSnapshot))]
[JsonSerializable(typeof(IReadOnlyList<ContextSnapshot>))]
[JsonSerializable(typeof(IReadOnlyList<SituationalContext>))]
[JsonSerializable(typeof(UserProfile))]
[JsonSerializable(typeof(UserProfileInput))]
[JsonSerializable(typeof(UserProfilePatch))]
[JsonSerializable(typeof(NewMessage))]
[JsonSerializable(typeof(NewMessageBatch))]
[JsonSerializable(typeof(MessagePart))]
[JsonSerializable(typeof(MessageTokenTotals))]
[JsonSerializable(typeof(RollingSummaryResult))]
[JsonSerializable(typeof(MessageQuery))]
[JsonSerializable(typeof(SessionPatch))]
[JsonSerializable(typeof(MessagePatch))]
[JsonSerializable(typeof(ForkRequest))]
[JsonSerializable(typeof(SessionDeletionReport))]
[JsonSerializable(typeof(SessionArchiveResult))]
[JsonSerializable(typeof(RetentionReport))]
[JsonSerializable(typeof(UserDeletionReport))]
[JsonSerializable(typeof(PanelDeletionReport))]
[JsonSerializable(typeof(TrashItem))]
[JsonSerializable(typeof(IReadOnlyList<TrashItem>))]
[JsonSerializable(typeof(ChatEvent))]
[JsonSerializable(typeof(ChatEventPage))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(byte[]))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(int?))]
[JsonSerializable(typeof(DateTimeOffset))]
public sealed partial class ChatDbJsonContext : JsonSerializerContext;
