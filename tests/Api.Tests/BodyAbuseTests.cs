using System.Net;
using System.Net.Sockets;
using System.Text;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

/// <summary>
/// Bodies an attacker or a broken client sends: endless chunked streams, malformed and deeply nested
/// JSON, wrong content types, invalid UTF-8 in strings and in the path. Each gets a 4xx with the API's
/// error body, and the data acknowledged before is still there afterwards.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BodyAbuseTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    [Fact]
    public async Task EndlessChunkedBody_IsRefused_WithoutBeingBufferedOrDrained()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var body = new EndlessJsonContent(totalBytes: 256L << 20);
        using var handler = new SocketsHttpHandler { ConnectCallback = ConnectWithSmallSendBufferAsync };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, ApiCalls.PathOf(session) + "/messages") { Content = body };
        request.Headers.TransferEncodingChunked = true;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        try
        {
            using var response = await client.SendAsync(request);
            await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "limit_exceeded");
        }
        catch (HttpRequestException error) when (error.InnerException is IOException)
        {
            // The server answered 413 and closed the connection while the client was still writing: the
            // client sees the broken pipe before it reads the answer. Either way the body was refused.
        }

        // Nothing in the process holds the body: the whole process allocated a small fraction of it. With
        // small socket buffers on both ends, what the client managed to send is what the server read: the
        // limit, the server's input buffer (1 MB) and the sockets, not the 30 MB Kestrel would drain by default.
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.True(allocated < 16L << 20, $"the process allocated {allocated} bytes while refusing a {body.Sent}-byte body (limit {ApiServer.JsonBodyLimitBytes})");
        Assert.True(body.Sent < 4L << 20, $"the server kept reading: the client sent {body.Sent} bytes of 256 MB (limit {ApiServer.JsonBodyLimitBytes})");
        Assert.Empty(await (await _http.GetAsync(ApiCalls.PathOf(session) + "/messages")).ReadAsync<List<ChatMessage>>());
    }

    [Theory]
    [InlineData("{\"role\":\"user\",\"content\":\"x\",}")]
    [InlineData("{\"role\":\"user\",\"content\":\"x\"} {}")]
    [InlineData("{\"role\":\"user\",/*c*/\"content\":\"x\"}")]
    [InlineData("{'role':'user','content':'x'}")]
    [InlineData("{\"role\":\"user\",\"content\":\"x\\q\"}")]
    [InlineData("{\"role\":\"user\",\"content\":\"\\ud800\"")]
    [InlineData("{\"role\":\"user\",\"content\":\"x\",\"metadata\":[]}")]
    [InlineData("{\"role\":\"user\",\"content\":\"x\",\"metadata\":{\"a\":1,\"a\":2}")]
    [InlineData("\"just a string\"")]
    [InlineData("{\"role\":\"user\",\"content\":1e999}")]
    [InlineData("{")]
    [InlineData("}")]
    public async Task MalformedJson_Is400Validation(string json)
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var response = await _http.PostAsync(ApiCalls.PathOf(session) + "/messages", ApiCalls.JsonBody(json));
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Theory]
    [InlineData(65, false)]
    [InlineData(10_000, false)]
    [InlineData(10_000, true)]
    [InlineData(30_000, true)]
    public async Task DeeplyNestedJson_Is400_NotAStackOverflow(int depth, bool arrays)
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var (open, close) = arrays ? ("[", "]") : ("{\"a\":", "}");
        var json = "{\"role\":\"user\",\"content\":\"x\",\"metadata\":{\"deep\":"
            + string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)) + "}}";

        var response = await _http.PostAsync(ApiCalls.PathOf(session) + "/messages", ApiCalls.JsonBody(json));

        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("depth", message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task NestedJustUnderTheDepthLimit_IsStoredAndReadBack()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        const int depth = 60;
        var json = "{\"role\":\"user\",\"content\":\"x\",\"metadata\":{\"deep\":"
            + string.Concat(Enumerable.Repeat("[", depth)) + "1" + string.Concat(Enumerable.Repeat("]", depth)) + "}}";

        var added = await (await _http.PostAsync(ApiCalls.PathOf(session) + "/messages", ApiCalls.JsonBody(json))).ReadAsync<ChatMessage>(HttpStatusCode.Created);

        var stored = Assert.Single(await (await _http.GetAsync(ApiCalls.PathOf(session) + "/messages")).ReadAsync<List<ChatMessage>>());
        Assert.Equal(added.Id, stored.Id);
        Assert.Equal(added.Metadata!["deep"].GetRawText(), stored.Metadata!["deep"].GetRawText());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/octet-stream")]
    public async Task JsonRoutes_WithAnotherContentType_Are415(string contentType)
    {
        var userId = ApiCalls.NewUserId();
        var session = await _http.CreateSessionAsync(userId);
        const string json = "{\"role\":\"user\",\"content\":\"x\"}";
        foreach (var (method, path) in new[] { ("POST", ApiCalls.PathOf(session) + "/messages"), ("PATCH", ApiCalls.PathOf(session)), ("PUT", $"/users/{userId}") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(json, Encoding.UTF8) };
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            await (await _http.SendAsync(request)).AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        }

        Assert.Empty(await (await _http.GetAsync(ApiCalls.PathOf(session) + "/messages")).ReadAsync<List<ChatMessage>>());
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xF8, 0x88, 0x80, 0x80, 0x80 })]
    public async Task InvalidUtf8InAJsonString_Is400(byte[] invalid)
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        byte[] json = [.. "{\"role\":\"user\",\"content\":\"a"u8, .. invalid, .. "b\"}"u8];
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new("application/json");

        var response = await _http.PostAsync(ApiCalls.PathOf(session) + "/messages", content);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Empty(await (await _http.GetAsync(ApiCalls.PathOf(session) + "/messages")).ReadAsync<List<ChatMessage>>());
    }

    [Theory]
    [InlineData("/users/%FF")]
    [InlineData("/users/a%C3")]
    [InlineData("/users/%ED%A0%80")]
    [InlineData("/users/%C0%AE%C0%AE/sessions")]
    [InlineData("/users/ok/sessions/chat_session_20200101_000000_%FF00000")]
    [InlineData("/panels/panel_20200101_000000_00000%E2%82")]
    [InlineData("/personas/%F0%9F%98")]
    public async Task InvalidUtf8InThePath_Is400(string target)
    {
        var dataBefore = server.DataFiles();

        var response = await RawHttp.SendAsync(server.BaseAddress, "GET", target);

        Assert.True(response.Status == 400, $"{target} answered {response.Status} {response.Body}");
        Assert.Equal(dataBefore, server.DataFiles());
    }

    [Fact]
    public async Task RawNonAsciiBytesInTheRequestLine_AreRefusedByTheServer()
    {
        var response = await RawHttp.SendBytesAsync(server.BaseAddress, [.. "GET /users/"u8, 0xFF, 0xFE, .. " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"u8]);
        Assert.Equal(400, response.Status);
    }

    [Fact]
    public async Task AbusiveBodies_LeaveAcknowledgedDataIntact()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var kept = await _http.AddMessageAsync(session, "acknowledged before the abuse");
        var messages = ApiCalls.PathOf(session) + "/messages";

        await _http.PostAsync(messages, ApiCalls.JsonBody(string.Concat(Enumerable.Repeat("[", 50_000))));
        await _http.PostAsync(messages, new ByteArrayContent([0xFF, 0xFE, 0x00]) { Headers = { ContentType = new("application/json") } });
        await _http.PostAsync(messages, new StringContent("role=user", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await _http.PatchAsync(ApiCalls.PathOf(session), ApiCalls.JsonBody("{\"title\":"));

        var stored = await (await _http.GetAsync(messages)).ReadAsync<List<ChatMessage>>();
        Assert.Equal([kept.Id], stored.Select(m => m.Id));
        Assert.Equal(session.Title, (await (await _http.GetAsync(ApiCalls.PathOf(session))).ReadAsync<ChatSession>()).Title);
        Assert.Equal(2, (await _http.AddMessageAsync(session, "still writable")).Seq);
    }

    /// <summary>A client socket with a small send buffer, so the bytes a client got out are close to what the server read.</summary>
    private static async ValueTask<Stream> ConnectWithSmallSendBufferAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { SendBufferSize = ApiServer.SocketBufferBytes };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A JSON message body that never ends (a content string of <c>x</c>), produced as it is sent and counted.</summary>
    private sealed class EndlessJsonContent(long totalBytes) : HttpContent
    {
        private long _sent;

        public long Sent => Interlocked.Read(ref _sent);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = Encoding.ASCII.GetBytes(new string('x', 16 * 1024));
            var head = "{\"role\":\"user\",\"content\":\""u8.ToArray();
            await stream.WriteAsync(head);
            Interlocked.Add(ref _sent, head.Length);
            while (Sent < totalBytes)
            {
                await stream.WriteAsync(chunk);
                Interlocked.Add(ref _sent, chunk.Length);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
