using System.Text.Json;
using ChatDb.Grains.Events;
using ChatDb.Grains.Hosting;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.Streams;

namespace ChatDb.Grains.Tests;

public sealed class EventTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SessionEvents_ArrivePublishedOnTheSessionStream_InOrder(bool persistentStreams)
    {
        await using var chat = await ChatCluster.StartAsync(configureSilo: silo =>
        {
            if (persistentStreams)
            {
                silo.AddPersistentStreams(ChatStreams.DefaultProviderName);
            }
            else
            {
                silo.AddMemoryStreams(ChatStreams.DefaultProviderName);
            }

            silo.AddChatEventStreams();
        });
        var session = await chat.User("alice").CreateSessionAsync("t", null);
        var received = new List<ChatEvent>();
        var threeArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = chat.Cluster.Primary.Services.GetStreamProvider(ChatStreams.DefaultProviderName)
            .GetStream<ChatEvent>(StreamId.Create(ChatStreams.SessionEvents, ChatStreams.SessionKey("alice", session.Id)));
        await stream.SubscribeAsync((item, _) =>
        {
            lock (received)
            {
                received.Add(item);
                if (received.Count == 3)
                {
                    threeArrived.TrySetResult();
                }
            }

            return Task.CompletedTask;
        });

        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "a" });
        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "assistant", Content = "b" });
        await chat.Session(session).UpdateAsync(new SessionPatch { Title = "renamed" });
        await threeArrived.Task.WaitAsync(Timeout).ContinueWith(
            t => t.IsFaulted ? throw new TimeoutException($"three events on the stream of session {session.Id}") : t, TaskScheduler.Default).Unwrap();

        Assert.Equal([ChatEventKinds.MessageAdded, ChatEventKinds.MessageAdded, ChatEventKinds.SessionUpdated], received.Select(e => e.Kind));
        Assert.Equal(["a", "b"], received.OfType<MessageAdded>().Select(e => e.Message.Content));
        Assert.All(received.OfType<SessionEvent>(), e => Assert.Equal(("alice", session.Id), (e.UserId, e.SessionId)));
    }

    [Fact]
    public void ChatEvent_InTheWireJsonContext_CarriesItsKindAndRoundTrips()
    {
        ChatEvent original = new MessageAdded("alice", "chat_session_20250101_000000_000000", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
            new ChatMessage("m1", 1, "user", "hi", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), [], Json.Map("k", "1")));

        var json = JsonSerializer.Serialize(original, ChatDbJsonContext.Default.ChatEvent);
        var back = JsonSerializer.Deserialize(json, ChatDbJsonContext.Default.ChatEvent);

        using var document = JsonDocument.Parse(json);
        Assert.Equal("message_added", document.RootElement.GetProperty("kind").GetString());
        Assert.Equal("alice", document.RootElement.GetProperty("userId").GetString());
        var message = Assert.IsType<MessageAdded>(back).Message;
        Assert.Equal(("m1", 1L, "hi"), (message.Id, message.Seq, message.Content));
    }

    [Fact]
    public void WireJsonContext_UsesCamelCaseNames()
    {
        var json = JsonSerializer.Serialize(new MessageQuery { BeforeSeq = 5, Latest = true }, ChatDbJsonContext.Default.MessageQuery);

        Assert.Contains("\"beforeSeq\":5", json, StringComparison.Ordinal);
        Assert.Contains("\"latest\":true", json, StringComparison.Ordinal);
    }
}
