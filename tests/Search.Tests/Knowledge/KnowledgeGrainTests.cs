using System.Text.Json;
using ChatDb.Grains;
using ChatDb.Grains.Agents.Tools;
using ChatDb.Grains.Knowledge;
using ChatDb.Grains.Models;
using ChatDb.Grains.Modules;
using ChatDb.Grains.Rag;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.AI;
using static ChatDb.Search.Tests.Knowledge.KnowledgeFixtures;

namespace ChatDb.Search.Tests.Knowledge;

/// <summary>The knowledge grain on the flatfile layout: files where docs/RAG.md says, statuses, restarts, deletion, session scope.</summary>
public sealed class KnowledgeGrainTests(KnowledgeGrainTests.ClusterFixture fixture) : IClassFixture<KnowledgeGrainTests.ClusterFixture>
{
    /// <summary>One silo for the class: a cluster start costs seconds, and each test has users of its own.</summary>
    public sealed class ClusterFixture : IAsyncLifetime
    {
        internal SearchCluster Cluster { get; private set; } = null!;

        public async Task InitializeAsync() => Cluster = await SearchCluster.StartAsync();

        public async Task DisposeAsync() => await Cluster.DisposeAsync();
    }

    private static IKnowledgeGrain Knowledge(SearchCluster cluster, string userId) => cluster.Client.GetGrain<IKnowledgeGrain>(ChatGrainKeys.Knowledge(userId));

    [Fact]
    public async Task Documents_AreStoredInTheLayout_IndexedOrFailed_AndRetrievableAfterARestart()
    {
        var cluster = fixture.Cluster;
        var kb = Knowledge(cluster, "kim");

        var md = await kb.PutAsync("travel.md", Utf8("# Hotels\n\nHotels are booked through the travel desk.\n\n# Trains\n\nTrains are preferred."), "text/markdown");
        var pdf = await kb.PutAsync("broken.pdf", MalformedPdf(), null);
        var again = await kb.PutAsync("travel.md", Utf8("# Hotels\n\nHotels are booked by the assistant.\n\n# Trains\n\nTrains are preferred."), null);

        Assert.Equal((KnowledgeStatus.Indexed, false, null), (md.Status, md.Replaced, md.Reason));
        Assert.Equal((KnowledgeStatus.Failed, false), (pdf.Status, pdf.Replaced));
        Assert.StartsWith("the PDF cannot be read", pdf.Reason, StringComparison.Ordinal);
        Assert.True(again.Replaced);
        var root = Path.Combine(cluster.DataDirectory, "users", "kim", "knowledge");
        Assert.Equal(
            ["chunks/travel.md.jsonl", "documents.json", "files/broken.pdf", "files/travel.md", "text/travel.md.json"],
            Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal));
        var chunkLines = File.ReadAllLines(Path.Combine(root, "chunks", "travel.md.jsonl"));
        Assert.Equal("Hotels", JsonDocument.Parse(chunkLines[0]).RootElement.GetProperty("heading").GetString());
        Assert.Equal(2, chunkLines.Length);
        Assert.Contains("\"text\": \"Hotels\\n\\nHotels are booked by the assistant.", File.ReadAllText(Path.Combine(root, "text", "travel.md.json")), StringComparison.Ordinal);

        await cluster.RestartAsync();
        kb = Knowledge(cluster, "kim");

        var listed = await kb.ListAsync();
        Assert.Equal([("broken.pdf", KnowledgeStatus.Failed, 0), ("travel.md", KnowledgeStatus.Indexed, 2)], listed.Select(d => (d.Filename, d.Status, d.Chunks)));
        var hits = await kb.RetrieveAsync(new KnowledgeQuery { Query = "who books hotels", K = 1 });
        Assert.Equal([("travel.md", 0, "Hotels are booked by the assistant.")], hits.Select(h => (h.Filename, h.Position, h.Chunk)));

        Assert.True(await kb.DeleteAsync("travel.md"));
        Assert.False(await kb.DeleteAsync("travel.md"));
        Assert.Empty(await kb.RetrieveAsync(new KnowledgeQuery { Query = "hotels" }));
        Assert.Equal(["documents.json", "files/broken.pdf"],
            Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<NotFoundError>(() => kb.GetAsync("travel.md"));
    }

    [Fact]
    public async Task SessionScope_FindsTheSessionsDocuments_AsTheyAreReplaced_AndUserDeletionRemovesTheKnowledgeBase()
    {
        var cluster = fixture.Cluster;
        var session = await cluster.User("lee").CreateSessionAsync("trip", null);
        var documents = cluster.Session("lee", session.Id);
        var kb = Knowledge(cluster, "lee");
        await kb.PutAsync("kb.txt", Utf8("Visas are handled by the legal team."), null);
        await documents.SaveDocumentAsync("plan.md", Utf8("# Day one\n\nMuseum visit in the morning."), null, null);
        await documents.SaveDocumentAsync("photo.png", [0x89, 0x50], null, null);

        var first = await kb.RetrieveAsync(new KnowledgeQuery { Query = "museum morning", SessionId = session.Id });
        await documents.SaveDocumentAsync("plan.md", Utf8("# Day one\n\nBeach in the afternoon."), null, null);
        var replaced = await kb.RetrieveAsync(new KnowledgeQuery { Query = "museum beach afternoon", SessionId = session.Id });
        var userScope = await kb.RetrieveAsync(new KnowledgeQuery { Query = "museum visas" });

        Assert.Equal([("plan.md", "Museum visit in the morning.")], first.Select(h => (h.Filename, h.Chunk)));
        Assert.Equal([("plan.md", "Beach in the afternoon.")], replaced.Select(h => (h.Filename, h.Chunk)));
        Assert.Equal(["kb.txt"], userScope.Select(h => h.Filename));
        await Assert.ThrowsAsync<NotFoundError>(() => kb.RetrieveAsync(new KnowledgeQuery { Query = "x", SessionId = "chat_session_20200101_000000_000000" }));
        await Assert.ThrowsAsync<ValidationError>(() => kb.RetrieveAsync(new KnowledgeQuery { Query = "x", K = 0 }));

        await cluster.User("lee").DeleteAsync();
        Assert.False(Directory.Exists(Path.Combine(cluster.DataDirectory, "users", "lee", "knowledge")));
        Assert.Empty(await kb.ListAsync());
    }

    [Fact]
    public async Task RetrieveTool_AnswersFromTheRunUsersKnowledgeBaseOnly()
    {
        var cluster = fixture.Cluster;
        await Knowledge(cluster, "tia").PutAsync("faq.txt", Utf8("Refunds take five days."), null);
        await Knowledge(cluster, "other").PutAsync("faq.txt", Utf8("Refunds are never given."), null);
        var tools = new KnowledgeToolSource(cluster.Client, new ChatModuleSet([RagModule.Descriptor]));

        var result = await tools.Create(KnowledgeToolSource.RetrieveToolName, new AgentToolContext("tia", null, "run_1"))
            .InvokeAsync(new AIFunctionArguments { ["query"] = "refunds", ["k"] = 3 });
        var error = await Record.ExceptionAsync(async () => await tools.Create(KnowledgeToolSource.RetrieveToolName, new AgentToolContext("tia", null, "run_1"))
            .InvokeAsync(new AIFunctionArguments { ["query"] = "refunds", ["scope"] = "session" }));

        var json = JsonSerializer.Serialize(result);
        Assert.Contains("Refunds take five days.", json, StringComparison.Ordinal);
        Assert.DoesNotContain("never", json, StringComparison.Ordinal);
        Assert.True(tools.Offers("retrieve"));
        Assert.IsType<ValidationError>(error);
    }

    [Fact]
    public async Task RetrieveTool_WithRagOff_FailsWithModuleDisabled_ForTheRunToRecord()
    {
        var tools = new KnowledgeToolSource(fixture.Cluster.Client, new ChatModuleSet([RagModule.Descriptor with { Enabled = false }]));

        var error = await Record.ExceptionAsync(async () => await tools.Create(KnowledgeToolSource.RetrieveToolName, new AgentToolContext("tia", null, "run_1"))
            .InvokeAsync(new AIFunctionArguments { ["query"] = "refunds" }));

        var disabled = Assert.IsType<ModuleDisabledError>(error);
        Assert.Equal("The rag module is disabled in this deployment", disabled.Message);
    }
}
