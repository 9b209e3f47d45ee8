namespace ChatDb.Grains.Modules;

/// <summary>
/// What a module is, in one place (docs/MODULES.md): its name (<see cref="ChatModuleNames"/>), version and description, the REST
/// route prefixes it owns, the grain interfaces only it implements, the data directories it writes, the services it needs
/// (its health check resolves them) and the code namespace that holds its internals. <see cref="Enabled"/> comes from
/// <c>Modules:{name}:Enabled</c> when the module is registered.
/// </summary>
public sealed record ChatModule(string Name, string Version, string Description)
{
    /// <summary>Route prefixes as the REST API writes them (<c>/users/{userId}/memories</c>); a route belongs to the module with the longest matching prefix.</summary>
    public IReadOnlyList<string> Routes { get; init; } = [];

    /// <summary>Grain interfaces of the module: a client's call to one of them is refused while the module is off.</summary>
    public IReadOnlyList<Type> GrainInterfaces { get; init; } = [];

    /// <summary>Directories of the documented layout (docs/STORAGE.md) that hold the module's data.</summary>
    public IReadOnlyList<string> DataDirectories { get; init; } = [];

    /// <summary>Services the module needs; its health check reports unhealthy when one does not resolve.</summary>
    public IReadOnlyList<Type> Services { get; init; } = [];

    /// <summary>The namespace of the module's own types, when it has one of its own (the dependency rule is checked over it).</summary>
    public string? Namespace { get; init; }

    public bool Enabled { get; init; } = true;
}
