using System.Text;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;

namespace ChatDb.Grains.Tests.Flatfile;

/// <summary>
/// A redaction leaves no copy of the message's text anywhere in the data directory. Every place a message's
/// text can land on disk (docs/STORAGE.md, "Where message text is kept") is filled first and shown to hold the
/// text, then the whole directory is searched for it byte by byte after the redaction.
/// </summary>
public sealed class FlatfileRedactionTests
{
    private const string Secret = "Kontonummer 4711-0815 ÄÖÜ";
    private const string EditedSecret = "Geheimnis zwei";
    private const string MetadataSecret = "private-metadata-value";

    [Fact]
    public async Task Redact_LeavesTheTextInNoFile_OfTheSessionItsEditsItsForksOrTheSearchIndex()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var userId = Json.NewUserId();
        var session = await chat.User(userId).CreateSessionAsync("t", null);
        var grain = chat.Session(session);
        await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "hello" });
        await grain.AddMessageAsync(new NewMessage { Role = "user", Content = Secret, Metadata = Json.Map("note", $"\"{MetadataSecret}\"") });
        await grain.AddMessageAsync(new NewMessage { Role = "assistant", Content = "bye" });
        await grain.EditMessageAsync(2, new MessagePatch { Content = EditedSecret });
        var fork = await grain.ForkAsync(new ForkRequest());
        var forkOfFork = await chat.Session(fork).ForkAsync(new ForkRequest { AtSeq = 2 });
        await chat.Client.GetGrain<ISearchGrain>(userId).RebuildAsync();
        Assert.NotEmpty(await FilesHoldingAsync(chat, Secret));
        Assert.NotEmpty(await FilesHoldingAsync(chat, EditedSecret));
        Assert.Contains(await FilesHoldingAsync(chat, EditedSecret), f => f.Contains(".index/search", StringComparison.Ordinal));
        Assert.Contains(await FilesHoldingAsync(chat, EditedSecret), f => f.Contains(fork.Id, StringComparison.Ordinal));

        await grain.RedactMessageAsync(2, "ops");

        Assert.Empty(await FilesHoldingAsync(chat, Secret));
        Assert.Empty(await FilesHoldingAsync(chat, EditedSecret));
        Assert.Empty(await FilesHoldingAsync(chat, MetadataSecret));
        Assert.Equal([1L], (await chat.Session(forkOfFork).GetMessagesAsync(MessageQuery.Default)).Select(m => m.Seq));
        Assert.Equal([1L, 3L], (await grain.GetMessagesAsync(MessageQuery.Default)).Select(m => m.Seq));
        var audit = File.ReadAllText(chat.PathOf($"users/{userId}/{session.Id}/edits.jsonl"));
        Assert.Contains("\"kind\":\"redact\",\"target_seq\":2", audit, StringComparison.Ordinal);
        Assert.Contains("\"by\":\"ops\"", audit, StringComparison.Ordinal);
        Assert.Empty(await chat.Client.GetGrain<ISearchGrain>(userId).SearchAsync(new Search.SearchQuery { Q = "Geheimnis", Mode = Search.SearchMode.FullText }));
        Assert.Single(await chat.Client.GetGrain<ISearchGrain>(userId).SearchAsync(new Search.SearchQuery { Q = "hello", SessionId = session.Id, Mode = Search.SearchMode.FullText }));
    }

    [Fact]
    public async Task Redact_OfAnArchivedSession_LeavesNoCompressedCopy_AndReadsAfterARestartAgree()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var userId = Json.NewUserId();
        var session = await chat.User(userId).CreateSessionAsync("t", null);
        var grain = chat.Session(session);
        await grain.AddMessageAsync(new NewMessage { Role = "user", Content = Secret });
        await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "kept" });
        chat.Clock.Advance(TimeSpan.FromDays(2));
        Assert.NotNull(await grain.ArchiveAsync(chat.Clock.GetUtcNow()));
        Assert.True(File.Exists(chat.PathOf($"users/{userId}/{session.Id}/messages.jsonl.gz")));
        Assert.NotEmpty(await FilesHoldingAsync(chat, Encoding.UTF8.GetBytes("Kontonummer"), gunzip: true));

        await chat.Session(session).RedactMessageAsync(1, null);
        await chat.RestartAsync();

        Assert.Empty(await FilesHoldingAsync(chat, Encoding.UTF8.GetBytes("Kontonummer"), gunzip: true));
        Assert.Equal(["kept"], (await chat.Session(session).GetMessagesAsync(MessageQuery.Default)).Select(m => m.Content));
        Assert.Equal(2, await chat.Session(session).CountMessagesAsync());
    }

    [Fact]
    public async Task Redact_InterruptedAfterTheAuditRecord_IsFinishedByTheNextActivation()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var userId = Json.NewUserId();
        var session = await chat.User(userId).CreateSessionAsync("t", null);
        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = Secret });

        // What a crash right after the durable audit record leaves: the record, and the message still whole.
        await File.WriteAllTextAsync(chat.PathOf($"users/{userId}/{session.Id}/edits.jsonl"),
            "{\"seq\":1,\"kind\":\"redact\",\"target_seq\":1,\"at\":\"2026-01-01T00:00:00.000000Z\",\"by\":null,\"content\":null,\"metadata\":null}\n");
        await chat.CrashAndStartAsync();

        Assert.Empty(await chat.Session(session).GetMessagesAsync(MessageQuery.Default));
        Assert.Empty(await FilesHoldingAsync(chat, Secret));
    }

    private static Task<List<string>> FilesHoldingAsync(FlatfileChatCluster chat, string text) => FilesHoldingAsync(chat, Encoding.UTF8.GetBytes(text), gunzip: false);

    /// <summary>
    /// Every file of the data directory whose bytes (inflated too, for <c>.gz</c> with <paramref name="gunzip"/>) contain
    /// <paramref name="needle"/>. The search grain flushes its segments on a timer, writing a temporary file it holds
    /// exclusively and then renaming it: a scan that meets one waits for that grain's turn to end (a call to it queues
    /// behind the flush) and starts over, so every file is read whole.
    /// </summary>
    private static async Task<List<string>> FilesHoldingAsync(FlatfileChatCluster chat, byte[] needle, bool gunzip)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return FilesHolding(chat, needle, gunzip);
            }
            catch (IOException busy) when (attempt < 20 && BusyUser(busy) is { } userId)
            {
                await chat.Client.GetGrain<ISearchGrain>(userId).GetStatusAsync();
            }
        }
    }

    /// <summary>The user whose search index file <paramref name="error"/> is about, or null for any other failure.</summary>
    private static string? BusyUser(IOException error)
    {
        var marker = error.Message.IndexOf("/users/", StringComparison.Ordinal);
        if (marker < 0 || !error.Message.Contains("/.index/search/", StringComparison.Ordinal))
        {
            return null;
        }

        var start = marker + "/users/".Length;
        var end = error.Message.IndexOf('/', start);
        return end > start ? error.Message[start..end] : null;
    }

    private static List<string> FilesHolding(FlatfileChatCluster chat, byte[] needle, bool gunzip)
    {
        var found = new List<string>();
        foreach (var relative in chat.ListFiles())
        {
            var bytes = File.ReadAllBytes(chat.PathOf(relative));
            if (gunzip && relative.EndsWith(".gz", StringComparison.Ordinal))
            {
                using var inflated = new MemoryStream();
                using (var zip = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress))
                {
                    zip.CopyTo(inflated);
                }

                bytes = inflated.ToArray();
            }

            if (bytes.AsSpan().IndexOf(needle) >= 0)
            {
                found.Add(relative);
            }
        }

        return found;
    }
}
