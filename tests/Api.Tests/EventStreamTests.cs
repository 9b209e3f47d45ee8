using System.Net;
using System.Text.Json;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class EventStreamTests(ApiServer server)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SessionEvents_DeliverAMessageAddedEvent_AsOneDataLineOfJson()
    {
        var session = await server.Http.CreateSessionAsync(ApiCalls.NewUserId());
        using var timeout = new CancellationTokenSource(Wait);
        using var response = await server.Http.GetAsync(ApiCalls.PathOf(session) + "/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal(": subscribed", await ReadLineAsync(reader, "the subscription comment", session, timeout.Token));

        var added = await server.Http.AddMessageAsync(session, "hello stream");

        // The session's own session_created event may still be in the stream's queue cache when the subscription
        // starts, and then arrives first (docs/API.md, events); nothing else precedes the message.
        JsonDocument json;
        while (true)
        {
            var line = await ReadLineAsync(reader, "a data line after adding a message", session, timeout.Token);
            if (line.Length == 0)
            {
                continue;
            }

            Assert.StartsWith("data: ", line, StringComparison.Ordinal);
            json = JsonDocument.Parse(line["data: ".Length..]);
            if (json.RootElement.GetProperty("kind").GetString() != "session_created")
            {
                break;
            }

            json.Dispose();
        }

        using var _ = json;
        var root = json.RootElement;
        Assert.Equal("message_added", root.GetProperty("kind").GetString());
        Assert.Equal(session.Id, root.GetProperty("sessionId").GetString());
        Assert.Equal(added.Id, root.GetProperty("message").GetProperty("id").GetString());
        Assert.Equal("hello stream", root.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(string.Empty, await ReadLineAsync(reader, "the blank line ending the event", session, timeout.Token));
    }

    [Fact]
    public async Task SessionEvents_OfAnotherSession_AreNotDelivered()
    {
        var watched = await server.Http.CreateSessionAsync(ApiCalls.NewUserId());
        var other = await server.Http.CreateSessionAsync(ApiCalls.NewUserId());
        using var timeout = new CancellationTokenSource(Wait);
        using var response = await server.Http.GetAsync(ApiCalls.PathOf(watched) + "/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        await ReadLineAsync(reader, "the subscription comment", watched, timeout.Token);

        await server.Http.AddMessageAsync(other, "elsewhere");
        await server.Http.AddMessageAsync(watched, "here");

        string line;
        do
        {
            line = await ReadLineAsync(reader, "the watched session's event", watched, timeout.Token);
        }
        while (!line.StartsWith("data: ", StringComparison.Ordinal) || line.Contains("\"kind\":\"session_created\"", StringComparison.Ordinal));

        Assert.Contains("\"content\":\"here\"", line, StringComparison.Ordinal);
    }

    private static async Task<string> ReadLineAsync(StreamReader reader, string what, ChatSession session, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken) ?? throw new InvalidOperationException($"the event stream of {session.Id} ended before {what}");
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Timed out after {Wait} waiting for {what} on the event stream of session {session.Id} of user {session.UserId}.");
        }
    }
}
