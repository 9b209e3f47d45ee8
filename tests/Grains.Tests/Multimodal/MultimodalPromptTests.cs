using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Agents;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.AI;
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

    /// <summary>A session whose first message shows photo.png (800x600); agent "viewer" on <paramref name="model"/>.</summary>
    private static async Task<(ChatSession Session, byte[] Photo)> SessionWithPhotoAsync(ChatCluster chat, string model)
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
        return (session, photo);
    }

    /// <summary>One run of agent "viewer" in <paramref name="session"/>: its trace.</summary>
    private static async Task<IReadOnlyList<AgentTraceEvent>> RunAsync(ChatCluster chat, ChatSession session)
    {
        var run = chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun("alice", "viewer", ChatGrainKeys.NewRunId()));
        var done = await run.RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "What is in it?" });
        Assert.Equal(AgentRunStatuses.Succeeded, done.Status);
        return await run.GetTraceAsync();
    }

    [Fact]
    public async Task AModelThatAcceptsImages_GetsThePhotosBytes_AsDataContent_AndATextModelAPlaceholder()
    {
        var client = new ScriptedChatClient().Answer("a beach").Answer("I cannot see it");
        await using var chat = await ChatCluster.StartAsync(configureSilo: With(client));
        var (session, photo) = await SessionWithPhotoAsync(chat, "vision");

        var trace = await RunAsync(chat, session);
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent("alice", "viewer")).SaveAsync(new AgentDefinition { Instructions = "x", Model = ModelRegistry.DefaultName });
        await RunAsync(chat, session);

        var image = Assert.Single(client.Prompts[0].SelectMany(m => m.Contents).OfType<DataContent>());
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal(photo, image.Data.ToArray());
        Assert.DoesNotContain(trace, e => e.Kind == AgentTraceKinds.ModuleDisabled);
        Assert.Empty(client.Prompts[1].SelectMany(m => m.Contents).OfType<DataContent>());
        Assert.Contains(client.Prompts[1].SelectMany(m => m.Contents).OfType<TextContent>(), t => t.Text == "[image: photo.png, 800x600 PNG]");
    }

    [Fact]
    public async Task WithTheModuleOff_EvenAnImageModelGetsAPlaceholder_AndTheTraceSaysWhy()
    {
        var client = new ScriptedChatClient().Answer("I cannot see it");
        await using var chat = await ChatCluster.StartAsync(configureSilo: With(client, multimodalOn: false));
        var (session, photo) = await SessionWithPhotoAsync(chat, "vision");

        var trace = await RunAsync(chat, session);

        var prompt = client.Prompts.Single();
        Assert.Empty(prompt.SelectMany(m => m.Contents).OfType<DataContent>());
        // No media entry was made while the module was off: the placeholder has the stored type and size.
        Assert.Contains(prompt.SelectMany(m => m.Contents).OfType<TextContent>(),
            t => t.Text.StartsWith("[image: photo.png, image/png, ", StringComparison.Ordinal) && t.Text.EndsWith("B]", StringComparison.Ordinal));
        Assert.True(photo.Length > 0);
        var skipped = Assert.Single(trace, e => e.Kind == AgentTraceKinds.ModuleDisabled);
        Assert.Equal<(string?, string?)>(("multimodal", "The multimodal module is disabled in this deployment"), (skipped.Module, skipped.Error));
    }
}
