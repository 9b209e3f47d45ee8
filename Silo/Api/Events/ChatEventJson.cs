using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatDb.Grains.Events;
using ChatDb.Grains.Serialization;

namespace ChatDb.Silo.Api.Events;

/// <summary>
/// JSON of chat events for the wire: the <c>kind</c> discriminator first, then the event's fields.
/// <see cref="ChatDbJsonContext"/>'s own <c>ChatEvent</c> metadata cannot be used as it is: the event
/// records override <see cref="ChatEvent.Kind"/> without <c>[JsonIgnore]</c>, so each has a <c>kind</c>
/// property that collides with the discriminator and System.Text.Json refuses the type. The modifier
/// drops that property (its value is the discriminator anyway).
/// </summary>
internal static class ChatEventJson
{
    private static readonly JsonTypeInfo<ChatEvent> TypeInfo = Create();

    public static Task SerializeAsync(Stream stream, ChatEvent chatEvent, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(stream, chatEvent, TypeInfo, cancellationToken);

    public static string Serialize(ChatEvent chatEvent) => JsonSerializer.Serialize(chatEvent, TypeInfo);

    private static JsonTypeInfo<ChatEvent> Create()
    {
        var options = new JsonSerializerOptions(ChatDbJsonContext.Default.Options)
        {
            TypeInfoResolver = ChatDbJsonContext.Default.WithAddedModifier(DropKindProperty),
        };
        return (JsonTypeInfo<ChatEvent>)options.GetTypeInfo(typeof(ChatEvent));
    }

    private static void DropKindProperty(JsonTypeInfo typeInfo)
    {
        if (!typeInfo.Type.IsAssignableTo(typeof(ChatEvent)))
        {
            return;
        }

        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            if (typeInfo.Properties[i].Name == "kind")
            {
                typeInfo.Properties.RemoveAt(i);
            }
        }
    }
}
