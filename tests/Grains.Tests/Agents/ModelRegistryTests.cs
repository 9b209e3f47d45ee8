using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Storage;
using Microsoft.Extensions.Configuration;

namespace ChatDb.Grains.Tests.Agents;

public sealed class ModelRegistryTests
{
    private static ModelRegistry From(params (string Key, string Value)[] settings) =>
        ModelRegistry.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void WithoutConfiguration_OnlyTheOfflineModelExists_AsTheDefault()
    {
        var model = Assert.Single(From().List());

        Assert.Equal(("offline", "offline", "chat", true), (model.Name, model.Provider, model.Kind, model.IsDefault));
    }

    [Fact]
    public void AConfiguredModel_IsListedWithoutItsKeyOrEndpoint()
    {
        var registry = From(
            ("Models:Local:Provider", "openai"), ("Models:Local:Endpoint", "http://127.0.0.1:11434/v1"),
            ("Models:Local:Model", "llama3"), ("Models:Local:ApiKey", "sk-secret-value"), ("Models:Local:TimeoutSeconds", "5"));

        var local = Assert.Single(registry.List(), m => m.Name == "local");

        Assert.Equal(("openai", "llama3", false, 5), (local.Provider, local.Model, local.IsDefault, local.TimeoutSeconds));
        Assert.DoesNotContain("sk-secret-value", local.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret-value", registry.Get("local", "test").ToString(), StringComparison.Ordinal);
        Assert.Contains("offline", registry.Names);
    }

    [Fact]
    public void ABadProviderOrAMissingEndpoint_NamesTheSetting()
    {
        var provider = Assert.Throws<ConfigurationError>(() => From(("Models:x:Provider", "magic")));
        var endpoint = Assert.Throws<ConfigurationError>(() => From(("Models:y:Provider", "ollama"), ("Models:y:Model", "m")));

        Assert.Contains("Models:x:Provider 'magic'", provider.Message, StringComparison.Ordinal);
        Assert.Contains("Models:y:Endpoint", endpoint.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownName_IsAValidationErrorListingTheKnownOnes()
    {
        var error = Assert.Throws<ValidationError>(() => From().Get("gpt-9", "agent a"));

        Assert.Contains("model 'gpt-9' is not configured", error.Message, StringComparison.Ordinal);
        Assert.Contains("offline", error.Message, StringComparison.Ordinal);
    }
}
