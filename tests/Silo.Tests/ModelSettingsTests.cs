using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Silo.Tests;

/// <summary>
/// Model settings (docs/AGENTS.md, "Models") are checked as the silo is built: a bad one stops the start with one
/// line naming <c>Models:{name}:...</c>, before the data directory is opened or anything listens.
/// </summary>
public sealed class ModelSettingsTests : IDisposable
{
    private readonly string _root = Path.Join(Path.GetTempPath(), "chatdb-model-settings-tests-" + Guid.NewGuid().ToString("N"));

    public ModelSettingsTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("--Models:gpt:Endpoint=", "Models:gpt:Endpoint is required for provider 'openai'.")]
    [InlineData("--Models:gpt:Provider=anthropic", "Models:gpt:Provider 'anthropic' is not one of offline, openai, ollama.")]
    [InlineData("--Models:gpt:Endpoint=not a url", "Models:gpt:Endpoint must be an absolute http:// or https:// URL.")]
    [InlineData("--Models:gpt:TimeoutSeconds=0", "Models:gpt:TimeoutSeconds must be from 1 to 3600, not 0.")]
    [InlineData("--Models:gpt:ApiKeyFile=/nonexistent/chatdb/openai.key", "Models:gpt:ApiKeyFile names a file that does not exist (DirectoryNotFoundException).")]
    [InlineData("--Search:EmbeddingModel=gpt", "Search:EmbeddingModel 'gpt' is a chat model; set Models:gpt:Kind to 'embedding'.")]
    public async Task Silo_WithABadModelSetting_RefusesToStart_NamingTheSetting(string setting, string message)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] model = ["--Models:gpt:Provider=openai", "--Models:gpt:Endpoint=http://127.0.0.1:8000/v1", "--Models:gpt:Model=gpt-4o-mini"];
        var name = setting[..setting.IndexOf('=', StringComparison.Ordinal)];

        var exitCode = await SiloApplication.RunAsync(
            ["--data", Path.Join(_root, "data"), "--http", "http://127.0.0.1:0", .. model.Where(m => !m.StartsWith(name + "=", StringComparison.Ordinal)), setting],
            output, error);

        Assert.Equal(SiloApplication.StartupFailedExitCode, exitCode);
        Assert.Equal($"ChatDb silo cannot start: {message}{Environment.NewLine}", error.ToString());
        Assert.Empty(output.ToString());
        Assert.False(Directory.Exists(Path.Join(_root, "data")), "the data directory is never opened");
    }

    [Fact]
    public async Task Silo_WithAnEmbeddingModelForSearch_GivesSearchThatModelsGenerator()
    {
        var (app, _) = SiloApplication.Build(
        [
            "--data", Path.Join(_root, "data"), "--http", "http://127.0.0.1:0",
            "--Models:vectors:Provider=openai", "--Models:vectors:Kind=embedding", "--Models:vectors:Endpoint=http://127.0.0.1:9/v1",
            "--Models:vectors:Model=text-embedding-3-small", "--Search:EmbeddingModel=vectors",
        ]);
        await using (app)
        {
            var generator = app.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

            Assert.Equal("text-embedding-3-small", generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
        }
    }
}
