using System.Text;
using ChatDb.Grains.Events;
using ChatDb.Silo.Api.Events;
using Microsoft.AspNetCore.Http;

namespace ChatDb.Api.Tests;

/// <summary>
/// A client that reads slower than events come: its connection holds at most Api:EventSubscriberCapacity events,
/// then ends with a final <c>overflow</c> event. The reader is a response body whose first write does not return
/// until the test lets it, so the events pile up exactly as behind a stalled client.
/// </summary>
public sealed class EventOverflowTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ASlowReader_GetsTheEventsItsBufferHeld_ThenAFinalOverflowEvent_AndTheResponseEnds()
    {
        await using var subscription = ChatEventSubscription.Detached(capacity: 3);
        var body = new StalledBody();
        var context = new DefaultHttpContext();
        context.Response.Body = body;

        var writing = ServerSentEventWriter.WriteAsync(context, subscription, replay: null, sent: 0, gaps: null);
        await body.FirstWrite.WaitAsync(Wait);
        for (var seq = 1; seq <= 5; seq++)
        {
            subscription.Deliver(new ContextSnapshotSaved("alice", "chat_session_20260101_000000_000000", DateTimeOffset.UnixEpoch, "context_" + seq) { EventSeq = seq });
        }

        body.Release();
        await writing.WaitAsync(Wait);

        var text = body.Text;
        Assert.True(subscription.Overflowed);
        Assert.Equal(["1", "2", "3"], text.Split('\n').Where(l => l.StartsWith("id: ", StringComparison.Ordinal)).Select(l => l[4..]));
        Assert.EndsWith("\n\n", text, StringComparison.Ordinal);
        var last = text.TrimEnd('\n').Split("\n\n")[^1];
        Assert.StartsWith("event: overflow\ndata: {\"error\":\"overflow\",\"message\":\"this connection fell 3 events behind (Api:EventSubscriberCapacity)", last, StringComparison.Ordinal);
    }

    /// <summary>Keeps what is written; the first write waits for <see cref="Release"/>.</summary>
    private sealed class StalledBody : Stream
    {
        private readonly MemoryStream _written = new();
        private readonly TaskCompletionSource _firstWrite = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstWrite => _firstWrite.Task;

        public string Text
        {
            get
            {
                lock (_written)
                {
                    return Encoding.UTF8.GetString(_written.ToArray());
                }
            }
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Release() => _released.TrySetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _firstWrite.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
            lock (_written)
            {
                _written.Write(buffer.Span);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("the event writer writes asynchronously");

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
