using ChatDb.Grains.Events;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;

namespace ChatDb.Grains.Tests;

[Collection(SharedChatCollection.Name)]
public sealed class DocumentTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    /// <summary>A new session of a user no other test uses.</summary>
    private static async Task<ISessionGrain> NewSessionAsync(ChatCluster chat, string? userId = null) =>
        chat.Session(await chat.User(userId ?? Json.NewUserId()).CreateSessionAsync("docs", null));

    [Fact]
    public async Task SaveDocument_StoresBytesAndMetadata_AndListsIt()
    {
        var chat = _chat;
        var session = await NewSessionAsync(chat);
        var info = await session.SaveDocumentAsync("report.pdf", [1, 2, 3, 4], null, Json.Map("source", "\"upload\""));

        Assert.Equal(("report.pdf", "application/pdf", 4L), (info.Filename, info.MimeType, info.Size));
        var stored = await session.GetAsync();
        Assert.Equal($"users/{stored.UserId}/{stored.Id}/documents/report.pdf", info.Path);
        Assert.Equal("upload", info.Analysis["source"].GetString());
        Assert.Equal([1, 2, 3, 4], await session.GetDocumentAsync("report.pdf"));
        Assert.Equal(["report.pdf"], (await session.ListDocumentsAsync()).Select(d => d.Filename));
        Assert.Contains(chat.Events.On(ChatStreams.SessionEvents, ChatStreams.SessionKey(stored.UserId, stored.Id)), e => e is DocumentSaved saved && saved.Document.Filename == "report.pdf");
    }

    [Theory]
    [InlineData(nameof(ISessionGrain.SaveDocumentAsync))]
    [InlineData(nameof(ISessionGrain.SaveDocumentIfMatchAsync))]
    public void SaveDocument_TakesTheContentWithoutACopy(string method)
    {
        // Orleans deep-copies a byte[] argument between activations of one silo unless the parameter is marked
        // [Immutable]; for a 10 MB upload from the REST door that copy was 40 % of the request's CPU.
        var content = typeof(ISessionGrain).GetMethod(method)!.GetParameters().Single(p => p.Name == "content");

        Assert.Equal(typeof(byte[]), content.ParameterType);
        Assert.NotNull(content.GetCustomAttributes(typeof(Orleans.ImmutableAttribute), inherit: false).SingleOrDefault());
    }

    [Fact]
    public async Task SaveDocument_WithTheSameName_ReplacesTheDocument()
    {
        var chat = _chat;
        var session = await NewSessionAsync(chat);
        await session.SaveDocumentAsync("a.txt", [1], "text/x-old", null);

        var info = await session.SaveDocumentAsync("a.txt", [2, 2], null, null);

        Assert.Equal(("text/plain", 2L), (info.MimeType, info.Size));
        Assert.Equal([2, 2], await session.GetDocumentAsync("a.txt"));
        Assert.Single(await session.ListDocumentsAsync());
    }

    [Fact]
    public async Task UpdateDocumentAnalysis_MergesIntoTheAnalysis()
    {
        var chat = _chat;
        var session = await NewSessionAsync(chat);
        await session.SaveDocumentAsync("r.md", [1], null, Json.Map("source", "\"upload\"", "draft", "true"));

        var updated = await session.UpdateDocumentAnalysisAsync("r.md", Json.Map("summary", "\"Quarterly\"", "draft", "null"));

        Assert.Equal(["source", "summary"], updated.Analysis.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Quarterly", (await session.ListDocumentsAsync())[0].Analysis["summary"].GetString());
    }

    [Fact]
    public async Task GetDocument_ThatDoesNotExist_ThrowsNotFound()
    {
        var chat = _chat;
        var session = await NewSessionAsync(chat);

        await Assert.ThrowsAsync<NotFoundError>(() => session.GetDocumentAsync("missing.pdf"));
        await Assert.ThrowsAsync<NotFoundError>(() => session.UpdateDocumentAnalysisAsync("missing.pdf", Json.Map("a", "1")));
    }

    [Fact]
    public async Task SaveDocument_OverMaxDocumentSizeBytes_ThrowsNamingLimitAndValue()
    {
        await using var chat = await ChatCluster.StartAsync(o => o.MaxDocumentSizeBytes = 10);
        var session = await NewSessionAsync(chat);

        var error = await Assert.ThrowsAsync<StorageLimitExceeded>(() => session.SaveDocumentAsync("big.pdf", new byte[11], null, null));

        Assert.Equal(("MaxDocumentSizeBytes", 10L, 11L), (error.LimitName, error.Limit, error.Actual));
        Assert.Empty(await session.ListDocumentsAsync());
    }

    [Theory]
    [InlineData("virus.exe", "document-extension")]
    [InlineData("invoice.exe.pdf", "document-extension")]
    [InlineData("noextension", "document-extension")]
    [InlineData("metadata.json", "reserved-file-name")]
    [InlineData("../escape.pdf", "allowed-characters")]
    public async Task SaveDocument_WithABadFilename_IsAValidationErrorNamingTheRule(string filename, string rule)
    {
        var chat = _chat;
        var session = await NewSessionAsync(chat);

        var error = await Assert.ThrowsAsync<ValidationError>(() => session.SaveDocumentAsync(filename, [1], null, null));

        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }
}
