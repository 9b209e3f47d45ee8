using System.Text.Json.Serialization;
using ChatDb.Grains.Models;
using Orleans;

namespace ChatDb.Grains.Events;

[Immutable]
public sealed record PanelCreated(string PanelId, DateTimeOffset Timestamp, Panel Panel) : PanelEvent(PanelId, Timestamp)
{
    [JsonIgnore]
    public override string Kind => ChatEventKinds.PanelCreated;
}

[Immutable]
public sealed record PanelMessageAdded(string PanelId, DateTimeOffset Timestamp, ChatMessage Message) : PanelEvent(PanelId, Timestamp)
{
    [JsonIgnore]
    public override string Kind => ChatEventKinds.PanelMessageAdded;
}

[Immutable]
public sealed record InsightSaved(string PanelId, DateTimeOffset Timestamp, PanelInsight Insight) : PanelEvent(PanelId, Timestamp)
{
    [JsonIgnore]
    public override string Kind => ChatEventKinds.InsightSaved;
}

/// <summary>The panel's configuration or personas changed; carries the panel as it is now.</summary>
[Immutable]
public sealed record PanelUpdated(string PanelId, DateTimeOffset Timestamp, Panel Panel) : PanelEvent(PanelId, Timestamp)
{
    [JsonIgnore]
    public override string Kind => ChatEventKinds.PanelUpdated;
}

/// <summary>The panel was deleted: into the trash (the report's <c>TrashedAt</c> is set) or erased.</summary>
[Immutable]
public sealed record PanelDeleted(string PanelId, DateTimeOffset Timestamp, PanelDeletionReport Report) : PanelEvent(PanelId, Timestamp)
{
    [JsonIgnore]
    public override string Kind => ChatEventKinds.PanelDeleted;
}

/// <summary>The panel came back from the trash, as it was when it was deleted.</summary>
[Immutable]
public sealed record PanelRestored(string PanelId, DateTimeOffset Timestamp, Panel Panel) : PanelEvent(PanelId, Timestamp)
{
    [JsonIgnore]
    public override string Kind => ChatEventKinds.PanelRestored;
}
