using ChatDb.Grains.Memories;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Keys;
using Orleans.Runtime;

namespace ChatDb.Grains.Tests.Memories;

/// <summary>The change log and the snapshot across a silo restart (a cluster of its own: it restarts the silo).</summary>
public sealed class MemoryPersistenceTests
{
    [Fact]
    public async Task AfterARestart_TheSnapshotPlusTheLogSuffix_GiveBackEveryMemory_AndRecallStillWorks()
    {
        await using var chat = await ChatCluster.StartAsync();
        var userId = Json.NewUserId();
        var memories = chat.Client.GetGrain<IMemoryGrain>(ChatGrainKeys.Memory(userId));
        var count = MemoryGrain.SnapshotEvery + 6;
        for (var i = 0; i < count; i++)
        {
            await memories.AddAsync(new NewMemory { Text = $"User visited city number {i}" });
        }

        var kept = await memories.AddAsync(new NewMemory { Text = "User lives in Lisbon" });
        var dropped = (await memories.ListAsync(new MemoryQuery { Limit = 1 }))[0];
        await memories.DeleteAsync(dropped.Id);
        await memories.UpdateAsync(kept.Id, new MemoryPatch { Importance = 0.9 });
        var before = await memories.ListAsync(new MemoryQuery { Limit = 1000 });
        var snapshot = await chat.ReadStateAsync<MemorySnapshot>(MemoryGrainTypes.Memory, userId, "memories");

        await chat.RestartAsync();
        var after = await memories.ListAsync(new MemoryQuery { Limit = 1000 });
        var recalled = await memories.RecallAsync(new MemoryRecallQuery { Query = "Lisbon", K = 1 });

        Assert.Equal(MemoryGrain.SnapshotEvery, snapshot.State!.LogCount);
        Assert.Equal(count + 3, await chat.LogStorage.CountAsync("changes", GrainId.Create(MemoryGrainTypes.Memory, userId)));
        Assert.Equal(count, after.Count);
        Assert.Equal(before, after);
        Assert.Equal((kept.Id, 0.9), (recalled[0].Memory.Id, recalled[0].Memory.Importance));
    }
}
