using System.Globalization;

namespace ChatDb.Runtime.Streams;

/// <summary>
/// Position of an item in a stream (Orleans' <c>EventSequenceToken</c>): the provider's sequence
/// number (1, 2, 3, ... per stream; for the persistent provider the log's sequence number) and the
/// index of the event within it (always 0 here: every item gets its own sequence number).
/// Tokens of one stream compare by position.
/// </summary>
/// <remarks>
/// Giving a token to <c>SubscribeAsync</c> or <c>ResumeAsync</c> means "I have everything up to and
/// including this token": delivery continues with the first item <em>after</em> it, exactly like an
/// SSE <c>Last-Event-ID</c>. <see cref="Beginning"/> asks for every item still available.
/// </remarks>
public sealed record StreamSequenceToken(long SequenceNumber, int EventIndex = 0) : IComparable<StreamSequenceToken>
{
    /// <summary>The position before the first item: subscribing "after" it replays the whole stream.</summary>
    public static StreamSequenceToken Beginning { get; } = new(0);

    public int CompareTo(StreamSequenceToken? other)
    {
        if (other is null)
        {
            return 1;
        }

        var bySequence = SequenceNumber.CompareTo(other.SequenceNumber);
        return bySequence != 0 ? bySequence : EventIndex.CompareTo(other.EventIndex);
    }

    public bool Newer(StreamSequenceToken other) => CompareTo(other) > 0;

    public bool Older(StreamSequenceToken other) => CompareTo(other) < 0;

    public static bool operator <(StreamSequenceToken left, StreamSequenceToken right) => left.CompareTo(right) < 0;

    public static bool operator >(StreamSequenceToken left, StreamSequenceToken right) => left.CompareTo(right) > 0;

    public static bool operator <=(StreamSequenceToken left, StreamSequenceToken right) => left.CompareTo(right) <= 0;

    public static bool operator >=(StreamSequenceToken left, StreamSequenceToken right) => left.CompareTo(right) >= 0;

    /// <summary><c>sequence</c>, or <c>sequence.index</c> when the index is not 0 (suits an SSE event id).</summary>
    public override string ToString() =>
        EventIndex == 0
            ? SequenceNumber.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{SequenceNumber}.{EventIndex}");

    /// <summary>Parses what <see cref="ToString"/> wrote (e.g. an SSE <c>Last-Event-ID</c>).</summary>
    public static bool TryParse(string? text, out StreamSequenceToken? token)
    {
        token = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var sequenceText = dot < 0 ? text : text[..dot];
        var indexText = dot < 0 ? "0" : text[(dot + 1)..];
        if (!long.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || !int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return false;
        }

        token = new StreamSequenceToken(sequence, index);
        return true;
    }
}
