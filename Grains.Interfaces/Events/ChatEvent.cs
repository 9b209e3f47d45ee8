using System.Text.Json.Serialization;
using Orleans;

namespace ChatDb.Grains.Events;

/// <summary>
/// Something that happened to a chat entity, published after it is durable. In JSON the concrete type
/// is named by <c>kind</c> (<see cref="ChatEventKinds"/>), so consumers in any language can switch on it.
/// </summary>
/// <param name="Timestamp">When it happened (silo clock, UTC).</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SessionCreated), ChatEventKinds.SessionCreated)]
[JsonDerivedType(typeof(SessionUpdated), ChatEventKinds.SessionUpdated)]
[JsonDerivedType(typeof(SessionDeleted), ChatEventKinds.SessionDeleted)]
[JsonDerivedType(typeof(SessionRestored), ChatEventKinds.SessionRestored)]
[JsonDerivedType(typeof(MessageAdded), ChatEventKinds.MessageAdded)]
[JsonDerivedType(typeof(MessageEdited), ChatEventKinds.MessageEdited)]
[JsonDerivedType(typeof(MessageDeleted), ChatEventKinds.MessageDeleted)]
[JsonDerivedType(typeof(SessionForked), ChatEventKinds.SessionForked)]
[JsonDerivedType(typeof(DocumentSaved), ChatEventKinds.DocumentSaved)]
[JsonDerivedType(typeof(DocumentAnalysisUpdated), ChatEventKinds.DocumentAnalysisUpdated)]
[JsonDerivedType(typeof(ContextUpdated), ChatEventKinds.ContextUpdated)]
[JsonDerivedType(typeof(ContextSnapshotSaved), ChatEventKinds.ContextSnapshotSaved)]
[JsonDerivedType(typeof(PanelCreated), ChatEventKinds.PanelCreated)]
[JsonDerivedType(typeof(PanelMessageAdded), ChatEventKinds.PanelMessageAdded)]
[JsonDerivedType(typeof(InsightSaved), ChatEventKinds.InsightSaved)]
[JsonDerivedType(typeof(PanelUpdated), ChatEventKinds.PanelUpdated)]
[JsonDerivedType(typeof(PanelDeleted), ChatEventKinds.PanelDeleted)]
[JsonDerivedType(typeof(PanelRestored), ChatEventKinds.PanelRestored)]
[JsonDerivedType(typeof(MemoryChanged), ChatEventKinds.MemoryChanged)]
[Immutable]
public abstract record ChatEvent(DateTimeOffset Timestamp)
{
    /// <summary>The event kind (<see cref="ChatEventKinds"/>); written to JSON as the <c>kind</c> discriminator.</summary>
    [JsonIgnore]
    public abstract string Kind { get; }

    /// <summary>
    /// The event's number in its session's or panel's event log (gapless from 1; the SSE <c>id:</c>); 0 on an event
    /// that was not numbered (a record nested in the log itself, where the line's own <c>seq</c> is the number).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long EventSeq { get; init; }
}

/// <summary>An event of one session: carries the owner and the session id.</summary>
[Immutable]
public abstract record SessionEvent(string UserId, string SessionId, DateTimeOffset Timestamp) : ChatEvent(Timestamp);

/// <summary>An event of one panel.</summary>
[Immutable]
public abstract record PanelEvent(string PanelId, DateTimeOffset Timestamp) : ChatEvent(Timestamp);
