using System.Net;
using System.Text;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

/// <summary>Every error kind the API answers with, and that none of them hurts the silo.</summary>
[Collection(ApiCollection.Name)]
public sealed class ErrorResponseTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    [Theory]
    [InlineData("{\"role\": \"user\", \"content\": ")]
    [InlineData("{\"role\": \"user\" \"content\": \"x\"}")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("null")]
    [InlineData("{\"role\": 5, \"content\": \"x\"}")]
    public async Task MalformedJson_Is400(string body)
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var response = await _http.PostAsync(ApiCalls.PathOf(session) + "/messages", ApiCalls.JsonBody(body));
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Empty(await (await _http.GetAsync(ApiCalls.PathOf(session) + "/messages")).ReadAsync<List<ChatMessage>>());
    }

    [Fact]
    public async Task JsonBody_WithTheWrongContentType_Is415()
    {
        var userId = ApiCalls.NewUserId();
        var response = await _http.PutAsync($"/users/{userId}", new StringContent("{\"displayName\":\"x\"}", Encoding.UTF8, "text/plain"));
        await response.AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/users/{userId}")).StatusCode);
    }

    [Fact]
    public async Task UnknownRoute_AndWrongMethod_GetTheErrorBody()
    {
        await (await _http.GetAsync($"/users/{ApiCalls.NewUserId()}/nothing-here")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.PostAsync($"/users/{ApiCalls.NewUserId()}", ApiCalls.JsonBody("{}"))).AssertErrorAsync(HttpStatusCode.MethodNotAllowed, "validation");
    }

    [Fact]
    public async Task JsonBody_DeclaredLargerThanTheLimit_Is413BeforeItIsRead()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var content = new string('x', (int)ApiServer.JsonBodyLimitBytes + 1);
        var response = await _http.PostJsonAsync(ApiCalls.PathOf(session) + "/messages", new { role = "user", content });
        var message = await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "limit_exceeded");
        Assert.Contains("MaxMessageSizeBytes", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonBody_StreamedWithoutLength_IsCutOffAt413()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var json = "{\"role\":\"user\",\"content\":\"" + new string('x', (int)ApiServer.JsonBodyLimitBytes * 4) + "\"}";
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, ApiCalls.PathOf(session) + "/messages") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await _http.SendAsync(request);

        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "limit_exceeded");
        Assert.Empty(await (await _http.GetAsync(ApiCalls.PathOf(session) + "/messages")).ReadAsync<List<ChatMessage>>());
    }

    [Fact]
    public async Task Message_LargerThanMaxMessageSize_ButWithinTheBodyLimit_Is413FromTheGrain()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var content = new string('x', (int)ApiServer.MaxMessageSizeBytes + 1);
        var response = await _http.PostJsonAsync(ApiCalls.PathOf(session) + "/messages", new { role = "user", content });
        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "limit_exceeded");
    }

    [Fact]
    public async Task Document_LargerThanMaxDocumentSize_Is413_AndNothingIsStored()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var documents = ApiCalls.PathOf(session) + "/documents";

        // The server answers 413 without reading the rest and closes the connection. A client still writing the body
        // then gets a broken pipe instead of the answer, so the declared body waits for 100-continue (as a client of
        // large uploads should), and the chunked one is only one byte over the limit: the server reads all of it.
        using var declaredRequest = new HttpRequestMessage(HttpMethod.Put, documents + "/big.pdf")
        {
            Content = new ByteArrayContent(new byte[ApiServer.MaxDocumentSizeBytes + 1]),
        };
        declaredRequest.Headers.ExpectContinue = true;
        var declared = await _http.SendAsync(declaredRequest);
        var message = await declared.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "limit_exceeded");
        Assert.Contains("MaxDocumentSizeBytes", message, StringComparison.Ordinal);

        using var chunked = new HttpRequestMessage(HttpMethod.Put, documents + "/big.pdf")
        {
            Content = new StreamContent(new MemoryStream(new byte[ApiServer.MaxDocumentSizeBytes + 1])),
        };
        chunked.Headers.TransferEncodingChunked = true;
        await (await _http.SendAsync(chunked)).AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "limit_exceeded");

        Assert.Empty(await (await _http.GetAsync(documents)).ReadAsync<List<DocumentInfo>>());
    }

    [Fact]
    public async Task Document_OfExactlyTheLimit_IsAccepted()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var response = await _http.PutAsync(ApiCalls.PathOf(session) + "/documents/edge.pdf", new ByteArrayContent(new byte[ApiServer.MaxDocumentSizeBytes]));
        Assert.Equal(ApiServer.MaxDocumentSizeBytes, (await response.ReadAsync<DocumentInfo>(HttpStatusCode.Created)).Size);
    }

    [Fact]
    public async Task StaleEtag_Is409Conflict()
    {
        var response = await _http.PutJsonAsync($"/users/{FaultyGrainStorage.ConflictPrefix}-1", new { displayName = "x" });
        await response.AssertErrorAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task IntegrityError_Is500Integrity()
    {
        var response = await _http.GetAsync($"/users/{FaultyGrainStorage.IntegrityPrefix}-1");
        var message = await response.AssertErrorAsync(HttpStatusCode.InternalServerError, "integrity");
        Assert.Contains("checksum mismatch", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnexpectedException_Is500Storage_WithoutInternalDetails()
    {
        var response = await _http.GetAsync($"/users/{FaultyGrainStorage.CrashPrefix}-1");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("\"error\":\"storage\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(FaultyGrainStorage.SecretDetail, text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeout_Is504Timeout()
    {
        var response = await _http.GetAsync($"/users/{FaultyGrainStorage.TimeoutPrefix}-1");
        await response.AssertErrorAsync(HttpStatusCode.GatewayTimeout, "timeout");
    }

    [Fact]
    public async Task ASiloGoingAwayDuringTheCall_Is503Unavailable_WithRetryAfter_AndNoInternalAddress()
    {
        var response = await _http.GetAsync($"/users/{FaultyGrainStorage.UnavailablePrefix}-1");

        var message = await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Contains("retry it shortly", message, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.9", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadRequests_NeitherStopTheSiloNorLoseAcknowledgedData()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var acknowledged = await _http.AddMessageAsync(session, "keep me");
        var messages = ApiCalls.PathOf(session) + "/messages";

        await _http.PostAsync(messages, ApiCalls.JsonBody("{\"role\":"));
        await _http.PostJsonAsync(messages, new { role = "user", content = new string('x', (int)ApiServer.JsonBodyLimitBytes * 2) });
        await _http.GetAsync($"/users/{FaultyGrainStorage.CrashPrefix}-2");
        await _http.GetAsync($"/users/{FaultyGrainStorage.IntegrityPrefix}-2");
        await RawHttp.SendAsync(server.BaseAddress, "GET", "/users/%2e%2e/sessions");

        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/health")).StatusCode);
        var stored = await (await _http.GetAsync(messages)).ReadAsync<List<ChatMessage>>();
        Assert.Equal([acknowledged.Id], stored.Select(m => m.Id));
        Assert.Equal(2, (await _http.AddMessageAsync(session, "still writable")).Seq);
    }
}
