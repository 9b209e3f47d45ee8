using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

/// <summary>A user's knowledge base over REST: <c>/users/{userId}/knowledge</c> and <c>/users/{userId}/retrieve</c> (docs/RAG.md).</summary>
[Collection(ApiCollection.Name)]
public sealed class KnowledgeRoutesTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    private static ByteArrayContent Body(string text, string? contentType = null)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        return content;
    }

    [Fact]
    public async Task PutListGetRetrieveDelete_RoundTrip()
    {
        var user = ApiCalls.NewUserId();
        var path = $"/users/{user}/knowledge";

        var created = await _http.PutAsync(path + "/travel.md", Body("# Hotels\n\nHotels are booked through the travel desk.\n\n# Meals\n\nLunch is free."));
        var failed = await _http.PutAsync(path + "/scan.pdf", Body("%PDF-1.7 not really", "application/pdf"));
        var replaced = await _http.PutAsync(path + "/travel.md", Body("<h1>Hotels</h1><p>Hotels are booked by the office manager.</p>", "text/html"));

        var first = await created.ReadAsync<KnowledgePutResult>(HttpStatusCode.Created);
        Assert.Equal(($"/users/{user}/knowledge/travel.md", "travel.md", KnowledgeStatus.Indexed), (created.Headers.Location?.ToString(), first.Filename, first.Status));
        Assert.Equal(KnowledgeStatus.Failed, (await failed.ReadAsync<KnowledgePutResult>(HttpStatusCode.Created)).Status);
        Assert.True((await replaced.ReadAsync<KnowledgePutResult>(HttpStatusCode.OK)).Replaced);

        var listed = await (await _http.GetAsync(path)).ReadAsync<List<KnowledgeDocument>>();
        Assert.Equal([("scan.pdf", KnowledgeStatus.Failed, 0, "pdf"), ("travel.md", KnowledgeStatus.Indexed, 1, "html")],
            listed.Select(d => (d.Filename, d.Status, d.Chunks, d.Format)));
        Assert.Contains("pdf", listed[0].Reason, StringComparison.OrdinalIgnoreCase);
        var one = await (await _http.GetAsync(path + "/travel.md")).ReadAsync<KnowledgeDocument>();
        Assert.Equal(62L, one.Bytes);

        var hits = await (await _http.GetAsync($"/users/{user}/retrieve?q=who%20books%20hotels&k=3")).ReadAsync<List<KnowledgeHit>>();
        Assert.Equal([("travel.md", 0, "Hotels are booked by the office manager.")], hits.Select(h => (h.Filename, h.Position, h.Chunk)));

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync(path + "/travel.md")).StatusCode);
        await (await _http.DeleteAsync(path + "/travel.md")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.GetAsync(path + "/travel.md")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Empty(await (await _http.GetAsync($"/users/{user}/retrieve?q=hotels")).ReadAsync<List<KnowledgeHit>>());
    }

    [Fact]
    public async Task SessionScope_SearchesTheSessionsDocuments()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        await _http.PutAsync(ApiCalls.PathOf(session) + "/documents/plan.txt", Body("Day one: museum in the morning.\n\nDay two: beach."));

        var hits = await (await _http.GetAsync($"/users/{session.UserId}/retrieve?q=beach&sessionId={session.Id}")).ReadAsync<List<KnowledgeHit>>();
        var unknown = await _http.GetAsync($"/users/{session.UserId}/retrieve?q=beach&sessionId=chat_session_20200101_000000_000000");

        Assert.Equal([("plan.txt", 0, "Day one: museum in the morning.\n\nDay two: beach.")], hits.Select(h => (h.Filename, h.Position, h.Chunk)));
        await unknown.AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("..%2Fetc.txt")]
    [InlineData("a%2Fb.txt")]
    [InlineData("bell%07.txt")]
    [InlineData("tool.exe")]
    [InlineData("noextension")]
    public async Task HostileFilenames_Are400_NamingTheRule(string encoded)
    {
        var user = ApiCalls.NewUserId();

        var message = await (await _http.PutAsync($"/users/{user}/knowledge/{encoded}", Body("x"))).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");

        Assert.Contains("filename", message, StringComparison.Ordinal);
        Assert.Empty(await (await _http.GetAsync($"/users/{user}/knowledge")).ReadAsync<List<KnowledgeDocument>>());
    }

    [Fact]
    public async Task OverlongFilename_And_BadQueries_Are400()
    {
        var user = ApiCalls.NewUserId();

        await (await _http.PutAsync($"/users/{user}/knowledge/{new string('a', 125)}.txt", Body("x"))).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        await (await _http.GetAsync($"/users/{user}/retrieve")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        await (await _http.GetAsync($"/users/{user}/retrieve?q=x&k=0")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        await (await _http.GetAsync($"/users/{user}/retrieve?q=x&k=51")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
    }
}
