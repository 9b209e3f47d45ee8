using System.Diagnostics;

namespace ChatDb.Grains.Bus;

/// <summary>
/// One <c>publish {topic}</c> activity per event (<see cref="SourceName"/>; OpenTelemetry messaging conventions),
/// recorded only when a listener samples it, so the trace of a request shows which events it sent where.
/// </summary>
public sealed class ChatBusTracingFilter : IChatBusFilter
{
    /// <summary>The name of the activity source.</summary>
    public const string SourceName = "ChatDb.Bus";

    private static readonly ActivitySource Source = new(SourceName);

    public async Task PublishAsync(ChatBusMessage message, ChatBusNext next)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = Source.StartActivity($"publish {message.Topic}", ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "orleans_streams");
            activity.SetTag("messaging.operation.type", "publish");
            activity.SetTag("messaging.destination.name", message.Topic);
            activity.SetTag("chatdb.event.kind", message.Event.Kind);
            activity.SetTag("chatdb.event.seq", message.Event.EventSeq);
        }

        try
        {
            await next(message).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            throw;
        }
    }
}
