using ChatDb.Grains.Models;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Cli.Commands.Maintenance;

/// <summary>
/// Checks files and log lines against the chat models (<c>Grains.Interfaces/Models</c>) with the data
/// directory's strict JSON rules (<see cref="JsonDocumentStore.Parse{T}"/>): every field present, no null
/// where the model forbids it, timestamps with an offset.
/// </summary>
public sealed class ChatModelSchema : IRecordSchema
{
    public static ChatModelSchema Instance { get; } = new();

    public void Validate(RecordKind kind, string path, ReadOnlySpan<byte> json)
    {
        switch (kind)
        {
            case RecordKind.User: JsonDocumentStore.Parse<UserProfile>(path, json); break;
            case RecordKind.Session: JsonDocumentStore.Parse<ChatSession>(path, json); break;
            case RecordKind.Message or RecordKind.PanelMessage:
                if (!MessageShape.IsValid(json))
                {
                    JsonDocumentStore.Parse<ChatMessage>(path, json);
                }

                break;
            case RecordKind.Context or RecordKind.ContextSnapshot: JsonDocumentStore.Parse<SituationalContext>(path, json); break;
            case RecordKind.DocumentMetadata: JsonDocumentStore.Parse<Dictionary<string, DocumentInfo>>(path, json); break;
            case RecordKind.Panel: JsonDocumentStore.Parse<Panel>(path, json); break;
            case RecordKind.MessageEdit: JsonDocumentStore.Parse<MessageEdit>(path, json); break;
            case RecordKind.SessionEvent or RecordKind.PanelEvent: JsonDocumentStore.Parse<ChatDb.Grains.Events.ChatEventRecord>(path, json); break;
            case RecordKind.Insight: JsonDocumentStore.Parse<PanelInsight>(path, json); break;
            case RecordKind.Persona or RecordKind.PersonaVersion or RecordKind.PanelPersona: JsonDocumentStore.Parse<Persona>(path, json); break;
            default: RecordSchema.Structural.Validate(kind, path, json); break;
        }
    }
}
