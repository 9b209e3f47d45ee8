using ChatDb.Grains.Internal;
using Microsoft.Extensions.Options;

namespace ChatDb.Grains.Bus;

/// <summary>
/// Refuses an event for a topic the bus does not know, with an empty or control-character key, or without a kind,
/// naming what was wrong; such an event would reach no subscriber or confuse every one.
/// </summary>
internal sealed class ChatBusValidationFilter(IOptions<ChatBusOptions> options) : IChatBusFilter
{
    public Task PublishAsync(ChatBusMessage message, ChatBusNext next)
    {
        ArgumentNullException.ThrowIfNull(message);
        Check(message.Topic, message.Key, options.Value);
        if (string.IsNullOrEmpty(message.Event.Kind))
        {
            throw new ArgumentException($"An event on {message.Topic}/{message.Key} has no kind.", nameof(message));
        }

        return next(message);
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the problem unless the topic is known and the key usable.</summary>
    public static void Check(string topic, string key, ChatBusOptions options)
    {
        if (string.IsNullOrEmpty(topic) || !(ChatBusTopics.BuiltIn.Contains(topic) || options.Topics.Contains(topic)))
        {
            throw new ArgumentException($"Unknown bus topic '{topic}'; known: {string.Join(", ", ChatBusTopics.BuiltIn.Concat(options.Topics.Order(StringComparer.Ordinal)))}.", nameof(topic));
        }

        if (string.IsNullOrEmpty(key) || TextRules.IndexOfControl(key) >= 0)
        {
            throw new ArgumentException($"The key of a {topic} event must be a non-empty string without control characters.", nameof(key));
        }
    }
}
