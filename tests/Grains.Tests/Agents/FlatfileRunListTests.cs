using System.Text.Json;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Flatfile;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Tests.Agents;

/// <summary>
/// The run lists of agents on the flatfile provider (format 7, docs/STORAGE.md §10): an append-only log whose growth per
/// run is one line whatever its length, and a format-6 tree's lists read the same after the upgrade at open.
/// </summary>
public sealed class FlatfileRunListTests
{
    private const string List = "users/alice/agents/runs/planner.jsonl";

    private static IAgentGrain Agent(FlatfileChatCluster chat) => chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.UserAgent("alice", "planner"));

    private static string Line(long seq, string runId) => $$"""{"seq":{{seq}},"run_id":"{{runId}}"}""" + "\n";

    [Fact]
    public async Task EachNewRun_AppendsOneLine_WhateverTheListsLength_AndLeavesTheEarlierBytesAsTheyWere()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        await Agent(chat).SaveAsync(new AgentDefinition { Instructions = "x" });
        var ids = new List<string>();
        var growth = new List<long>();
        var before = Array.Empty<byte>();

        // 300 runs: the list document of format 6 would have been rewritten whole each time (about 39 bytes per run).
        for (var i = 0; i < 300; i++)
        {
            var runId = ChatGrainKeys.NewRunId();
            ids.Add(runId);
            await Agent(chat).OnRunCreatedAsync(runId);
            var after = await File.ReadAllBytesAsync(chat.PathOf(List));
            growth.Add(after.Length - before.Length);
            Assert.True(after.AsSpan(0, before.Length).SequenceEqual(before), $"run {i + 1} rewrote earlier bytes of the list");
            before = after;
        }

        // One line per run: its length changes only with the digits of seq (1-9, 10-99, 100-300).
        Assert.Equal([.. ids.Select((id, i) => (long)Line(i + 1, id).Length)], growth);
        Assert.Equal(Line(1, ids[0]).Length, (int)growth[0]);
        Assert.Equal(growth[299], growth[100]);
        Assert.Equal(string.Concat(ids.Select((id, i) => Line(i + 1, id))), await File.ReadAllTextAsync(chat.PathOf(List)));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(RunLists.Lines(ids)), await File.ReadAllTextAsync(chat.PathOf(List)));
    }

    [Fact]
    public async Task ARepeatedStartOfARun_IsListedOnce()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        await Agent(chat).SaveAsync(new AgentDefinition { Instructions = "x" });
        var (first, second) = (ChatGrainKeys.NewRunId(), ChatGrainKeys.NewRunId());

        await Agent(chat).OnRunCreatedAsync(first);
        await Agent(chat).OnRunCreatedAsync(second);
        await Agent(chat).OnRunCreatedAsync(first);
        await chat.RestartAsync();
        await Agent(chat).OnRunCreatedAsync(second);

        Assert.Equal(Line(1, first) + Line(2, second), await File.ReadAllTextAsync(chat.PathOf(List)));
    }

    [Fact]
    public async Task AFormatSixTree_ReadsTheSameRunsAfterTheUpgrade_EvenAfterACrashHalfwayThroughIt()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        await Agent(chat).SaveAsync(new AgentDefinition { Instructions = "x" });
        await chat.Client.GetGrain<IAgentGrain>(ChatGrainKeys.GlobalAgent("helper")).SaveAsync(new AgentDefinition { Instructions = "help" });
        var session = await chat.User("alice").CreateSessionAsync(null, null);
        var own = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            own.Add(ChatGrainKeys.NewRunId());
            await chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun("alice", "planner", own[^1]))
                .RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "hello " + i });
        }

        var global = ChatGrainKeys.NewRunId();
        await chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.GlobalAgentRun("alice", "helper", global))
            .RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "help" });
        var ownBefore = (await Agent(chat).ListRunsAsync(10)).Select(r => r.Id).ToList();
        var globalList = "users/alice/agents/global_runs/helper.jsonl";

        // The tree as a format-6 build left it (lists as documents), cut off by a crash in the upgrade: the agent's
        // list has a log of one line beside its document, the global one is not converted yet, the version still says 6.
        await chat.CrashAndStartAsync(data =>
        {
            ToFormatSix(data, List, own);
            ToFormatSix(data, globalList, [global]);
            File.WriteAllText(Path.Join(data, List), Line(1, own[0]));
            File.WriteAllText(Path.Join(data, "system", "config.json"), """{"format_version": 6}""");
        });

        Assert.Equal([.. Enumerable.Reverse(own)], ownBefore);
        Assert.Equal(ownBefore, (await Agent(chat).ListRunsAsync(10)).Select(r => r.Id));
        Assert.Equal([own[2], own[1]], (await Agent(chat).ListRunsAsync(2)).Select(r => r.Id));
        Assert.Equal([global], (await chat.Client.GetGrain<IGlobalAgentRunsGrain>(ChatGrainKeys.GlobalAgentRuns("alice", "helper")).ListRunsAsync(10)).Select(r => r.Id));
        Assert.DoesNotContain(chat.ListFiles(), f => f.EndsWith("runs/planner.json", StringComparison.Ordinal) || f.EndsWith("global_runs/helper.json", StringComparison.Ordinal));
        using var config = JsonDocument.Parse(await File.ReadAllBytesAsync(chat.PathOf("system/config.json")));
        Assert.Equal(DataFormat.Current, config.RootElement.GetProperty("format_version").GetInt32());

        // The next run appends after the converted ones, and deleting the agent deletes every run and the list.
        var next = ChatGrainKeys.NewRunId();
        await chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun("alice", "planner", next))
            .RunAsync(new AgentRunRequest { SessionId = session.Id, Input = "again" });
        Assert.Equal(Line(4, next), (await File.ReadAllLinesAsync(chat.PathOf(List)))[^1] + "\n");
        await Agent(chat).DeleteAsync();
        Assert.DoesNotContain(chat.ListFiles(), f => f.StartsWith("users/alice/agents/runs/", StringComparison.Ordinal));
        Assert.Null(await chat.Client.GetGrain<IAgentRunGrain>(ChatGrainKeys.AgentRun("alice", "planner", own[0])).GetAsync());
    }

    /// <summary>Replaces the log of <paramref name="log"/> (and its index) by the format-6 document of the same ids.</summary>
    private static void ToFormatSix(string data, string log, IReadOnlyList<string> ids)
    {
        var path = Path.Join(data, log);
        File.Delete(path);
        File.Delete(path + ".idx");
        File.WriteAllText(Path.ChangeExtension(path, ".json"), JsonSerializer.Serialize(new { run_ids = ids }));
    }
}
