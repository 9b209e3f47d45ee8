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
