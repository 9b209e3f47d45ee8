namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>Directory names of a v2 tree (docs/OPERATIONS.md §6): fixed by the old system, not configurable here.</summary>
internal static class V2Layout
{
    public const string Users = "users";
    public const string Panels = "panel_sessions";
    public const string GlobalPersonas = "personas_global";
    public const string Personas = "personas";
    public const string Insights = "insights";
}
