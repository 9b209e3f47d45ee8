namespace ChatDb.Silo.Modules;

/// <summary>Endpoint metadata: the route belongs to <paramref name="Module"/> and answers 404 <c>module_disabled</c> while it is off.</summary>
public sealed record ModuleRouteMetadata(string Module);
