namespace ChatDb.Benchmarks.Engines.Peers;

/// <summary>One message to insert into a relational peer's <c>messages</c> table.</summary>
public readonly record struct PeerRow(long Seq, string Role, string Content)
{
    /// <summary>The benchmark's message number <paramref name="seq"/>: roles alternate, 200 characters of content.</summary>
    public static PeerRow Numbered(long seq) =>
        new(seq, seq % 2 == 0 ? "user" : "assistant", Scenarios.MessagePayload.Content((int)seq));
}
