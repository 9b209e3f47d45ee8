using ChatDb.Grains.Memories;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Tests.Memories;

public sealed class OfflineMemoryExtractorTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private static ChatMessage User(long seq, string text) => new($"m{seq}", seq, "user", text, Now, [], []);

    [Theory]
    [InlineData("I live in Lisbon.", "User lives in Lisbon")]
    [InlineData("my daughter is Ana", "User's daughter is Ana")]
    [InlineData("I'm a vegetarian", "User is a vegetarian")]
    [InlineData("I work at Contoso, mostly remote", "User works at Contoso")]
    [InlineData("Hello, my name is Maria Silva!", "User's name is Maria Silva")]
    [InlineData("My dog's name is Rex", "User's dog is Rex")]
    public async Task SimpleFirstPersonStatements_BecomeFacts(string statement, string fact)
    {
        var proposals = await new OfflineMemoryExtractor().ProposeAsync([User(1, statement)], [], CancellationToken.None);

        var proposal = Assert.Single(proposals);
        Assert.Equal((MemoryProposalOps.Add, fact), (proposal.Op, proposal.Text));
        Assert.Equal([1L], proposal.Seqs!);
    }

    [Fact]
    public async Task AStatementAboutACoveredSubject_UpdatesThatMemory_AndTheSameFactIsNoChange()
    {
        Memory existing = new("mem_00000000000000000000000000000001", "I live in Lisbon", MemorySource.None, null, Now, Now, null, 0.5);

        var moved = await new OfflineMemoryExtractor().ProposeAsync([User(5, "I moved to Porto")], [existing], CancellationToken.None);
        var same = await new OfflineMemoryExtractor().ProposeAsync([User(6, "I live in Lisbon")], [existing with { Text = "User lives in Lisbon" }], CancellationToken.None);

        var update = Assert.Single(moved);
        Assert.Equal((MemoryProposalOps.Update, existing.Id, "User lives in Porto"), (update.Op, update.Id, update.Text));
        Assert.Empty(same);
    }

    [Fact]
    public async Task AssistantMessagesAndQuestions_GiveNothing()
    {
        var proposals = await new OfflineMemoryExtractor().ProposeAsync(
            [new ChatMessage("a", 1, "assistant", "I live in the cloud", Now, [], []), User(2, "Where do you live?")], [], CancellationToken.None);

        Assert.Empty(proposals);
    }
}
