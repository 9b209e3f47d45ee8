namespace ChatDb.Silo.Modules;

/// <summary>
/// One module in <c>GET /modules</c>: whether it is on, its version, its health (<c>healthy</c>, <c>degraded</c>,
/// <c>unhealthy</c>, or <c>disabled</c> when it is off), and what it owns.
/// </summary>
public sealed record ModuleInfo(
    string Name,
    bool Enabled,
    string Version,
    string Health,
    string Description,
    IReadOnlyList<string> Routes,
    IReadOnlyList<string> DataDirectories);
