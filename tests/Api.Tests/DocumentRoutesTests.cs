using System.Net;
using System.Net.Http.Headers;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class DocumentRoutesTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    [Fact]
    public async Task PutDocument_Is201_AndGetReturnsTheSameBytesAndType()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var bytes = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        var path = ApiCalls.PathOf(session) + "/documents/report.pdf";

        var put = await _http.PutAsync(path, new ByteArrayContent(bytes));
        var json = await put.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("report.pdf", json.GetProperty("filename").GetString());
        Assert.Equal("application/pdf", json.GetProperty("mimeType").GetString());
        Assert.Equal(bytes.Length, json.GetProperty("size").GetInt64());
        Assert.True(json.TryGetProperty("uploadedAt", out _));
        Assert.True(json.TryGetProperty("analysis", out _));

        var get = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("application/pdf", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await get.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task PutDocument_TakesTheMimeTypeFromContentType()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var content = new ByteArrayContent("# notes"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");

        var document = await (await _http.PutAsync(ApiCalls.PathOf(session) + "/documents/notes.md", content)).ReadAsync<DocumentInfo>(HttpStatusCode.Created);

        Assert.Equal("text/markdown", document.MimeType);
    }

    [Fact]
    public async Task ListDocuments_AndUpdateAnalysis()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var documents = ApiCalls.PathOf(session) + "/documents";
        await (await _http.PutAsync(documents + "/b.txt", new ByteArrayContent([1]))).ReadAsync<DocumentInfo>(HttpStatusCode.Created);
        await (await _http.PutAsync(documents + "/a.txt", new ByteArrayContent([2]))).ReadAsync<DocumentInfo>(HttpStatusCode.Created);

        var listed = await (await _http.GetAsync(documents)).ReadAsync<List<DocumentInfo>>();
        Assert.Equal(["a.txt", "b.txt"], listed.Select(d => d.Filename));

        var analysed = await (await _http.PutJsonAsync(documents + "/a.txt/analysis", new { summary = "short", pages = 1 })).ReadAsync<DocumentInfo>();
        Assert.Equal("short", analysed.Analysis["summary"].GetString());
        var again = await (await _http.PutJsonAsync(documents + "/a.txt/analysis", new { pages = 2 })).ReadAsync<DocumentInfo>();
        Assert.Equal("short", again.Analysis["summary"].GetString());
        Assert.Equal(2, again.Analysis["pages"].GetInt32());
    }

    [Fact]
    public async Task UnknownDocument_Is404()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var path = ApiCalls.PathOf(session) + "/documents/missing.pdf";
        await (await _http.GetAsync(path)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.PutJsonAsync(path + "/analysis", new { a = 1 })).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("program.exe")]
    [InlineData("noextension")]
    [InlineData("invoice.exe.pdf")]
    [InlineData("metadata.json")]
    public async Task PutDocument_WithAFilenameTheLayoutRejects_Is400(string filename)
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var response = await _http.PutAsync(ApiCalls.PathOf(session) + "/documents/" + filename, new ByteArrayContent([1]));
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Empty(await (await _http.GetAsync(ApiCalls.PathOf(session) + "/documents")).ReadAsync<List<DocumentInfo>>());
    }
}
