using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;

namespace ChatDb.Storage.Flatfile.Layout;

/// <summary>Multi-persona panels: <c>{base}/panel_sessions/{panel_id}/...</c>.</summary>
public sealed partial class FlatfileLayout
{
    /// <summary>Directory of a panel's runs, <c>panel_sessions/{panel_id}/runs/</c>.</summary>
    public const string PanelRunsDirectoryName = "runs";

    public string PanelsDirectory => Under(_options.PanelSessionsDirectoryName);

    /// <summary><c>panel_sessions/{panel_id}/</c>; the panel id must have the generated form.</summary>
    public string PanelDirectory(string panelId) => Panel(panelId);

    /// <summary><c>panel_sessions/{panel_id}/panel.json</c></summary>
    public string PanelMetadataFile(string panelId) => Panel(panelId, _options.PanelMetadataFilename);

    /// <summary><c>panel_sessions/{panel_id}/messages.jsonl</c></summary>
    public string PanelMessagesFile(string panelId) => Panel(panelId, _options.MessagesFilename);

    /// <summary><c>panel_sessions/{panel_id}/events.jsonl</c>: the panel's append-only event log (<see cref="EventsFilename"/>).</summary>
    public string PanelEventsFile(string panelId) => Panel(panelId, EventsFilename);

    /// <summary><c>panel_sessions/{panel_id}/personas/</c>: snapshots of the personas taking part.</summary>
    public string PanelPersonasDirectory(string panelId) => Panel(panelId, _options.PersonasDirectoryName);

    /// <summary><c>panel_sessions/{panel_id}/personas/{persona_id}.json</c></summary>
    public string PanelPersonaFile(string panelId, string personaId)
    {
        var panel = Ids.Validate(GeneratedIdKind.Panel, panelId);
        return Under(_options.PanelSessionsDirectoryName, panel, _options.PersonasDirectoryName, PersonaFileName(personaId));
    }

    /// <summary><c>panel_sessions/{panel_id}/insights/</c></summary>
    public string PanelInsightsDirectory(string panelId) => Panel(panelId, _options.PanelInsightsDirectoryName);

    /// <summary><c>panel_sessions/{panel_id}/insights/{insight_id}.json</c></summary>
    public string PanelInsightFile(string panelId, string insightId)
    {
        var panel = Ids.Validate(GeneratedIdKind.Panel, panelId);
        var insight = Ids.Validate(GeneratedIdKind.Insight, insightId);
        return Under(_options.PanelSessionsDirectoryName, panel, _options.PanelInsightsDirectoryName, insight + ".json");
    }

    /// <summary>
    /// <c>panel_sessions/{panel_id}/runs.jsonl</c>: the ids of the panel's multi-agent runs, a log line each, oldest first
    /// (<see cref="RunLists"/>).
    /// </summary>
    public string PanelRunListFile(string panelId) => Panel(panelId, PanelRunsDirectoryName + RunLists.LogExtension);

    /// <summary><c>panel_sessions/{panel_id}/runs/</c>: the panel's multi-agent runs and their traces.</summary>
    public string PanelRunsDirectory(string panelId) => Panel(panelId, PanelRunsDirectoryName);

    /// <summary><c>panel_sessions/{panel_id}/runs/{run_id}.json</c>: a run record.</summary>
    public string PanelRunFile(string panelId, string runId) => Panel(panelId, PanelRunsDirectoryName, ChatGrainKeys.RunId(runId) + ".json");

    /// <summary><c>panel_sessions/{panel_id}/runs/{run_id}.trace.jsonl</c>: a run's trace.</summary>
    public string PanelTraceFile(string panelId, string runId) => Panel(panelId, PanelRunsDirectoryName, ChatGrainKeys.RunId(runId) + ".trace.jsonl");

    private string Panel(string panelId, params ReadOnlySpan<string> rest)
    {
        var panel = Ids.Validate(GeneratedIdKind.Panel, panelId);
        string[] segments = [_options.PanelSessionsDirectoryName, panel, .. rest];
        return Under(segments);
    }
}
