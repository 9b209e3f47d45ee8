namespace ChatDb.Api.Tests.Infrastructure;

/// <summary>
/// The REST API with the memory, tool_use, rag, multimodal and topic_router modules switched off (<c>Modules:{name}:Enabled=false</c>),
/// shared by the tests of <see cref="ModulesOffApiCollection"/>.
/// </summary>
public sealed class ModulesOffApiServer : IAsyncLifetime
{
    public static readonly IReadOnlyList<string> Disabled = ["memory", "tool_use", "rag", "multimodal", "topic_router"];

    public ApiServer Server { get; } = new(Disabled.ToDictionary(m => $"Modules:{m}:Enabled", _ => (string?)"false"));

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ModulesOffApiCollection : ICollectionFixture<ModulesOffApiServer>
{
    public const string Name = "REST API on one silo with modules off";
}
