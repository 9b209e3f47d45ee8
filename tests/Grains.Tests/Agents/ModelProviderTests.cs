using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Tests.Agents.StandIns;
using ChatDb.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;

namespace ChatDb.Grains.Tests.Agents;

/// <summary>The openai and ollama providers' clients against the stand-ins, over real HTTP on 127.0.0.1.</summary>
public sealed class ModelProviderTests : IClassFixture<ModelStandIns>
{
    private readonly ModelStandIns _standIns;

    public ModelProviderTests(ModelStandIns standIns) => _standIns = standIns;

    private static List<ChatMessage> Prompt(string text) => [new(ChatRole.System, "Be brief."), new(ChatRole.User, text)];

    private IChatClient Client(string name)
    {
        var registry = _standIns.Registry();
        return new AgentChatClientFactory().Create(name, registry.Get(name, "test"));
    }

    [Fact]
    public async Task OpenAI_Answer_CarriesTheResponsesUsage_AndTheKeyFromTheKeyFile_AsBearer()
    {
        var before = _standIns.OpenAI.Requests.Count;

        var response = await Client("echo").GetResponseAsync(Prompt("hello there"));

        Assert.Equal("Echo: hello there", response.Text);
        Assert.Equal((1002L, 503L), (response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount));
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        var (authorization, body) = _standIns.OpenAI.Requests.Skip(before).Single();
        Assert.Equal($"Bearer {ModelStandIn.Key}", authorization);
        Assert.Equal(ModelStandIn.Models.Echo, body["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenAI_Streaming_ArrivesInChunks_ThatMakeTheWholeAnswer()
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Client("echo").GetStreamingResponseAsync(Prompt("one two three")))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.True(updates.Count(u => u.Text.Length > 0) >= 4, $"{updates.Count} updates");
        Assert.Equal("Echo: one two three", response.Text.Trim());
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        var (_, body) = _standIns.OpenAI.Requests.Last(r => r.Body["stream"]?.GetValue<bool>() == true);
        Assert.Equal(ModelStandIn.Models.Echo, body["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenAI_ToolCall_ComesBackAsAFunctionCall()
    {
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(() => "noon", "current_time")] };

        var response = await Client("tools").GetResponseAsync(Prompt("what time is it?"), options);

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents.OfType<FunctionCallContent>()));
        Assert.Equal("current_time", call.Name);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task Ollama_AnswersWithAndWithoutStreaming_AndReportsUsage()
    {
        var client = Client("local");

        var whole = await client.GetResponseAsync(Prompt("hi ollama"));
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Prompt("hi again")))
        {
            updates.Add(update);
        }

        Assert.Equal("Echo: hi ollama", whole.Text.Trim());
        Assert.Equal((1002L, 503L), (whole.Usage?.InputTokenCount, whole.Usage?.OutputTokenCount));
        Assert.True(updates.Count(u => u.Text.Length > 0) >= 3, $"{updates.Count} updates");
        Assert.Equal("Echo: hi again", updates.ToChatResponse().Text.Trim());
        Assert.Equal($"Bearer {ModelStandIn.Key}", _standIns.Ollama.Requests.Last().Authorization);
    }

    [Fact]
    public async Task OpenAI_EmbeddingModel_GivesTheEndpointsVectors_InOrder()
    {
        using var generator = ModelEmbeddings.Create(_standIns.Registry(), "EMBED");

        var embeddings = await generator.GenerateAsync(["hello world", "abc"]);

        Assert.Equal(OpenAIStandIn.Embed("hello world"), embeddings[0].Vector.ToArray());
        Assert.Equal(OpenAIStandIn.Embed("abc"), embeddings[1].Vector.ToArray());
        Assert.Equal("embed-small", generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
        var (authorization, body) = _standIns.OpenAI.Requests.Last(r => r.Body["input"] is not null);
        Assert.Equal(($"Bearer {ModelStandIn.Key}", "embed-small"), (authorization, body["model"]!.GetValue<string>()));
    }

    [Fact]
    public void EmbeddingModel_ThatIsUnknownOrAChatModel_IsAConfigurationErrorNamingTheSetting()
    {
        var unknown = Assert.Throws<ConfigurationError>(() => ModelEmbeddings.Create(_standIns.Registry(), "ada"));
        var chat = Assert.Throws<ConfigurationError>(() => ModelEmbeddings.Create(_standIns.Registry(), "echo"));
        var agent = Assert.Throws<ConfigurationError>(() => Client("embed"));

        Assert.StartsWith("Search:EmbeddingModel 'ada' is not a configured model; the configured models are ", unknown.Message, StringComparison.Ordinal);
        Assert.Equal("Search:EmbeddingModel 'echo' is a chat model; set Models:echo:Kind to 'embedding'.", chat.Message);
        Assert.StartsWith("model 'embed' is an embedding model", agent.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("down", typeof(ModelError), "the endpoint cannot be reached (ConnectionRefused).")]
    [InlineData("slow", typeof(TimeoutException), "did not answer within 1 s (Models:slow:TimeoutSeconds)")]
    [InlineData("garbage", typeof(ModelError), "not a valid openai chat response")]
    [InlineData("broken", typeof(ModelError), "answered HTTP 500")]
    [InlineData("wrong-key", typeof(ModelError), "refused the key (HTTP 401")]
    [InlineData("ollama-broken", typeof(ModelError), "answered HTTP 500")]
    [InlineData("ollama-garbage", typeof(ModelError), "not a valid ollama chat response")]
    public async Task AFailingEndpoint_FailsWithAnErrorNamingTheModel_AndNeverTheKey(string name, Type type, string expected)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Client(name).GetResponseAsync(Prompt("hello")));

        Assert.IsType(type, error);
        Assert.Contains($"model '{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ModelStandIn.Key, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ModelStandIns.WrongKey, error.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>One OpenAI and one Ollama stand-in, and the models of a configuration pointing at them.</summary>
public sealed class ModelStandIns : IAsyncLifetime
{
    /// <summary>A key the stand-ins refuse, quoting it back.</summary>
    public const string WrongKey = "sk-wrong-0b9e6f1d3c";

    private string? _keyFile;

    internal OpenAIStandIn OpenAI { get; private set; } = null!;

    internal OllamaStandIn Ollama { get; private set; } = null!;

    /// <summary>The settings of the models; the right key reaches most of them through a key file (with a newline to trim).</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        IEnumerable<KeyValuePair<string, string?>> Model(string name, string provider, Uri endpoint, string model, int timeout = 10, string? key = null, string kind = "chat")
        {
            var prefix = $"Models:{name}:";
            yield return new(prefix + "Provider", provider);
            yield return new(prefix + "Kind", kind);
            yield return new(prefix + "Endpoint", endpoint.ToString());
            yield return new(prefix + "Model", model);
            yield return new(prefix + "TimeoutSeconds", timeout.ToString(System.Globalization.CultureInfo.InvariantCulture));
            yield return key is null ? new(prefix + "ApiKeyFile", _keyFile) : new(prefix + "ApiKey", key);
        }

        var openai = OpenAI.Endpoint;
        return new[]
        {
            Model("echo", "openai", openai, ModelStandIn.Models.Echo),
            Model("tools", "openai", openai, ModelStandIn.Models.Tools),
            Model("down", "openai", ModelStandIn.ClosedAddress(), ModelStandIn.Models.Echo),
            Model("slow", "openai", openai, ModelStandIn.Models.Slow, timeout: 1),
            Model("garbage", "openai", openai, ModelStandIn.Models.Garbage),
            Model("broken", "openai", openai, ModelStandIn.Models.Broken),
            Model("wrong-key", "openai", openai, ModelStandIn.Models.Echo, key: WrongKey),
            Model("embed", "openai", openai, "embed-small", kind: "embedding"),
            Model("local", "ollama", Ollama.Address, ModelStandIn.Models.Echo),
            Model("ollama-broken", "ollama", Ollama.Address, ModelStandIn.Models.Broken),
            Model("ollama-garbage", "ollama", Ollama.Address, ModelStandIn.Models.Garbage),
        }.SelectMany(m => m);
    }

    public ModelRegistry Registry() => ModelRegistry.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(Settings()).Build());

    public async Task InitializeAsync()
    {
        _keyFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_keyFile, $"  {ModelStandIn.Key}\n");
        OpenAI = await OpenAIStandIn.StartNewAsync();
        Ollama = await OllamaStandIn.StartNewAsync();
    }

    public async Task DisposeAsync()
    {
        await OpenAI.DisposeAsync();
        await Ollama.DisposeAsync();
        File.Delete(_keyFile!);
    }
}
