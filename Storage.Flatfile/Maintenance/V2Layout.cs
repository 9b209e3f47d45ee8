namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>Directory and file names of a v2 tree (docs/OPERATIONS.md §6): fixed by the old system, not configurable here.</summary>
internal static class V2Layout
{
    public const string Users = "users";
    public const string Panels = "panel_sessions";
    public const string GlobalPersonas = "personas_global";
    public const string Personas = "personas";
    public const string Insights = "insights";
    public const string Messages = "messages.jsonl";
    public const string SituationalContext = "situational_context.json";
    public const string ContextHistory = "context_history";
    public const string Documents = "documents";
    public const string DocumentMetadata = "metadata.json";
    public const string Analysis = "analysis";
    public const string System = "system";
    public const string Config = "config.json";
}
