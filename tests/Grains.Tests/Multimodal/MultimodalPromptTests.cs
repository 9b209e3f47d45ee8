using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Agents;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.AI;
using AI = Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;
using SkiaSharp;

namespace ChatDb.Grains.Tests.Multimodal;

/// <summary>An agent run's prompt with an image the session's messages refer to: image content for a model that reads images, a placeholder otherwise.</summary>
public sealed class MultimodalPromptTests
{
    private static Action<ISiloBuilder> With(ScriptedChatClient client, bool multimodalOn = true) => silo =>
    {
        silo.Services.RemoveAll<IAgentChatClientFactory>();
        silo.Services.AddSingleton<IAgentChatClientFactory>(client);
        silo.Services.RemoveAll<ModelRegistry>();
        silo.Services.AddSingleton(new ModelRegistry(new Dictionary<string, ModelEntry>
        {
            ["vision"] = new() { Provider = ModelProviders.OpenAI, Endpoint = "http://127.0.0.1:9/v1", Model = "vision", AcceptsImages = true },
        }));
        if (!multimodalOn)
        {
            MultimodalDocumentTests.MultimodalOff(silo);
        }
    };

    /// <summary>A session whose first message shows photo.png (800x600), then one run of <paramref name="model"/>; the prompt the model got.</summary>
    private static async Task<(IReadOnlyList<AI.ChatMessage> Prompt, byte[] Photo, IReadOnlyList<AgentTraceEvent> Trace)> RunWithPhotoAsync(
        ChatCluster chat, ScriptedChatClient client, string model)
    {
        var session = await chat.User("alice").CreateSessionAsync(null, null);
        var photo = TestImages.Encode(SKEncodedImageFormat.Png, 800, 600);
        await chat.Session(session).SaveDocumentAsync("photo.png", photo, null, null);
        await chat.Session(session).AddMessageAsync(new NewMessage
        {
            Role = "user",
            Parts = [MessagePart.FromText("Here is my holiday photo."), MessagePart.FromDocument("photo.png")],
        });
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent("alice", "viewer")).SaveAsync(new AgentDefinition { Instructions = "x", Model = model });
        var run = chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun("alice", "viewer", ChatGrainKeys.NewRunId()));

        var done = await run.RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "What is in it?" });

        Assert.Equal(AgentRunStatuses.Succeeded, done.Status);
        return (client.Prompts.Single(), photo, await run.GetTraceAsync());
    }

    [Fact]
    public async Task AModelThatAcceptsImages_GetsThePhotosBytes_AsDataContent()
    {
        var client = new ScriptedChatClient().Answer("a beach");
        await using var chat = await ChatCluster.StartAsync(configureSilo: With(client));

        var (prompt, photo, trace) = await RunWithPhotoAsync(chat, client, "vision");

        var image = Assert.Single(prompt.SelectMany(m => m.Contents).OfType<DataContent>());
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal(photo, image.Data.ToArray());
        Assert.DoesNotContain(trace, e => e.Kind == AgentTraceKinds.ModuleDisabled);
    }

    [Fact]
    public async Task AModelThatReadsTextOnly_GetsAPlaceholderNamingTheImage()
    {
        var client = new ScriptedChatClient().Answer("I cannot see it");
        await using var chat = await ChatCluster.StartAsync(configureSilo: With(client));

        var (prompt, _, _) = await RunWithPhotoAsync(chat, client, ModelRegistry.DefaultName);

        Assert.Empty(prompt.SelectMany(m => m.Contents).OfType<DataContent>());
        Assert.Contains(prompt.SelectMany(m => m.Contents).OfType<TextContent>(), t => t.Text == "[image: photo.png, 800x600 PNG]");
    }

    [Fact]
    public async Task WithTheModuleOff_EvenAnImageModelGetsAPlaceholder_AndTheTraceSaysWhy()
    {
        var client = new ScriptedChatClient().Answer("I cannot see it");
        await using var chat = await ChatCluster.StartAsync(configureSilo: With(client, multimodalOn: false));

        var (prompt, photo, trace) = await RunWithPhotoAsync(chat, client, "vision");

        Assert.Empty(prompt.SelectMany(m => m.Contents).OfType<DataContent>());
        // No media entry was made while the module was off: the placeholder has the stored type and size.
        Assert.Contains(prompt.SelectMany(m => m.Contents).OfType<TextContent>(),
            t => t.Text.StartsWith("[image: photo.png, image/png, ", StringComparison.Ordinal) && t.Text.EndsWith(" KB]", StringComparison.Ordinal));
        Assert.True(photo.Length > 1024);
        var skipped = Assert.Single(trace, e => e.Kind == AgentTraceKinds.ModuleDisabled);
        Assert.Equal<(string?, string?)>(("multimodal", "The multimodal module is disabled in this deployment"), (skipped.Module, skipped.Error));
    }
}
