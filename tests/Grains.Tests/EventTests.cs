using System.Text.Json;
using ChatDb.Grains.Events;
using ChatDb.Storage.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Streams;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Grains.Tests.Infrastructure;

namespace ChatDb.Grains.Tests;

public sealed class EventTests
{
    /// <summary>
    /// The events travel on the silo's memory streams as they do to an SSE client (the silo's own cluster client
    /// subscribes). Stream pulling agents run on the grains' clock, so this cluster keeps real time.
    /// </summary>
    [Fact]
    public async Task SessionEvents_ArrivePublishedOnTheSessionStream_InOrder()
    {
        var recorded = new RecordingEventPublisher();
        var cluster = TestClusters.Build(TimeProvider.System, silo => silo.AddMemoryGrainStateStorageAsDefault().AddMemoryGrainLogStorageAsDefault().AddMemoryGrainFileStorageAsDefault(), recordEvents: recorded);
        await TestClusters.DeployAsync(cluster);
        await using var _ = cluster;
        var session = await cluster.Client.GetGrain<IUserGrain>("alice").CreateSessionAsync("t", null);
        var grain = cluster.Client.GetGrain<ISessionGrain>(ChatStreams.SessionKey("alice", session.Id));
        var received = new List<ChatEvent>();
        var lastArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = cluster.GetSiloServiceProvider().GetRequiredService<IClusterClient>().GetStreamProvider(ChatStreams.DefaultProviderName)
            .GetStream<ChatEvent>(StreamId.Create(ChatStreams.SessionEvents, ChatStreams.SessionKey("alice", session.Id)));
        await stream.SubscribeAsync((item, _) =>
        {
            lock (received)
            {
                received.Add(item);
                if (item is SessionUpdated)
                {
                    lastArrived.TrySetResult();
                }
            }

            return Task.CompletedTask;
        });

        await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "a" });
        await grain.AddMessageAsync(new NewMessage { Role = "assistant", Content = "b" });
        await grain.UpdateAsync(new SessionPatch { Title = "renamed" });
        await TestClusters.Within(lastArrived.Task, $"the session_updated event on the stream of session {session.Id}");

        // The session_created event was queued before the subscription; a memory stream may still deliver it.
        var afterSubscribing = received.SkipWhile(e => e is SessionCreated).ToList();
        Assert.Equal([ChatEventKinds.MessageAdded, ChatEventKinds.MessageAdded, ChatEventKinds.SessionUpdated], afterSubscribing.Select(e => e.Kind));
        Assert.Equal(["a", "b"], afterSubscribing.OfType<MessageAdded>().Select(e => e.Message.Content));
        Assert.All(received.OfType<SessionEvent>(), e => Assert.Equal(("alice", session.Id), (e.UserId, e.SessionId)));
        Assert.Equal(afterSubscribing.Select(e => e.Kind), recorded.On(ChatStreams.SessionEvents, ChatStreams.SessionKey("alice", session.Id)).Skip(1).Select(e => e.Kind));
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
