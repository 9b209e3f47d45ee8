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

    [Theory]
    [InlineData("Provider", "azure", "Models:m:Provider 'azure' is not one of offline, openai, ollama.")]
    [InlineData("Endpoint", "", "Models:m:Endpoint is required for provider 'openai'.")]
    [InlineData("Endpoint", "localhost:8000/v1", "Models:m:Endpoint must be an absolute http:// or https:// URL.")]
    [InlineData("Endpoint", "ftp://models.example/v1", "Models:m:Endpoint must be an absolute http:// or https:// URL.")]
    [InlineData("TimeoutSeconds", "0", "Models:m:TimeoutSeconds must be from 1 to 3600, not 0.")]
    [InlineData("TimeoutSeconds", "3601", "Models:m:TimeoutSeconds must be from 1 to 3600, not 3601.")]
    [InlineData("Kind", "vision", "Models:m:Kind 'vision' is not one of chat, embedding.")]
    [InlineData("ApiKeyFile", "/nonexistent/chatdb/key.txt", "Models:m:ApiKeyFile names a file that does not exist")]
    public void ABadSetting_IsAConfigurationErrorNamingIt(string setting, string value, string message)
    {
        (string, string)[] settings =
        [
            ("Models:m:Provider", "openai"), ("Models:m:Endpoint", "https://models.example/v1"), ("Models:m:Model", "gpt"),
        ];

        var error = Assert.Throws<ConfigurationError>(() => From([.. settings.Where(s => s.Item1 != $"Models:m:{setting}"), ($"Models:m:{setting}", value)]));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyFile_IsReadAtStart_Trimmed_AndBothKeySettingsAtOnceAreRefused()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "\n  sk-from-file \n");
            (string, string)[] model = [("Models:m:Provider", "ollama"), ("Models:m:Endpoint", "http://127.0.0.1:11434"), ("Models:m:Model", "llama3")];

            var registry = From([.. model, ("Models:m:ApiKeyFile", file)]);
            File.WriteAllText(file, "   ");
            var empty = Assert.Throws<ConfigurationError>(() => From([.. model, ("Models:m:ApiKeyFile", file)]));
            var both = Assert.Throws<ConfigurationError>(() => From([.. model, ("Models:m:ApiKeyFile", file), ("Models:m:ApiKey", "sk-x")]));

            Assert.Equal("sk-from-file", registry.Get("m", "test").ApiKey);
            Assert.Equal("Models:m:ApiKeyFile names an empty file.", empty.Message);
            Assert.Equal("Models:m: set ApiKey or ApiKeyFile, not both.", both.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void AnEmbeddingModel_NeedsANetworkProvider()
    {
        var error = Assert.Throws<ConfigurationError>(() => From(("Models:e:Kind", "embedding")));

        Assert.Equal("Models:e:Kind 'embedding' needs provider 'openai' or 'ollama', not 'offline'.", error.Message);
    }

    [Fact]
    public void AnAgentNamingAnEmbeddingModel_IsRefusedAtSave_NamingTheRule()
    {
        var registry = From(
            ("Models:Vectors:Provider", "openai"), ("Models:Vectors:Kind", "embedding"),
            ("Models:Vectors:Endpoint", "http://127.0.0.1:1/v1"), ("Models:Vectors:Model", "text-embedding-3-small"));
        var tools = new Grains.Agents.Tools.AgentToolCatalog([], TimeProvider.System, Storage.Ids.EntityIdFormat.Default);
        var definition = new Grains.Models.AgentDefinition { Instructions = "Plan trips.", Model = "vectors" };

        var error = Assert.Throws<ValidationError>(() =>
            Grains.Agents.AgentDefinitionRules.Create(definition, "planner", "alice", 1, DateTimeOffset.UnixEpoch, registry, tools, "agent planner"));

        Assert.Equal("agent planner: model 'vectors' is of kind 'embedding' (rule: chat-model); an agent needs a model of kind 'chat'.", error.Message);
    }
}
