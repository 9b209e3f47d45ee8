using ChatDb.Runtime.Streams;
using FsCheck;
using FsCheck.Fluent;

namespace ChatDb.Runtime.Tests;

public sealed class StreamIdentityTests
{
    [Theory]
    [InlineData("a/b", "k")]
    [InlineData("", "k")]
    [InlineData("ns", "")]
    [InlineData("n\ns", "k")]
    public void StreamIdCreate_RejectsBadNamespacesAndEmptyKeys(string streamNamespace, string key) =>
        Assert.ThrowsAny<ArgumentException>(() => StreamId.Create(streamNamespace, key));

    [Fact]
    public void StreamIdWithGuidKey_UsesTheGrainKeyEncoding_SoImplicitSubscribersMeetIt()
    {
        var key = Guid.NewGuid();

        Assert.Equal(GrainKeys.Encode(key), StreamId.Create("ns", key).Key);
        Assert.Equal("ns/42", StreamId.Create("ns", 42L).ToString());
    }

    [Fact]
    public void StorageIds_RoundTrip_AndIgnoreOtherGrainIds()
    {
        var id = StreamId.Create("session", "user_1/chat.2");

        Assert.True(StreamStorageIds.TryGetStreamId(StreamStorageIds.ToGrainId(id), out var back));
        Assert.Equal(id, back);
        Assert.Equal(GrainId.Create("stream", "session/user_1/chat.2"), StreamStorageIds.ToGrainId(id));
        Assert.False(StreamStorageIds.TryGetStreamId(GrainId.Create("session", "x/y"), out _));
    }

    [Fact]
    public void Tokens_OrderBySequenceThenIndex_AndRoundTripThroughText() =>
        Prop.ForAll<long, long, byte>((s1, s2, indices) =>
        {
            // Small ranges, so equal sequence numbers (where the index decides) come up often.
            var a = new StreamSequenceToken(Math.Abs(s1 % 5), indices % 3);
            var b = new StreamSequenceToken(Math.Abs(s2 % 5), indices / 3 % 3);
            var expected = (a.SequenceNumber, a.EventIndex).CompareTo((b.SequenceNumber, b.EventIndex));
            return Math.Sign(a.CompareTo(b)) == Math.Sign(expected)
                && a.Newer(b) == expected > 0
                && StreamSequenceToken.TryParse(a.ToString(), out var parsed) && parsed == a;
        }).QuickCheckThrowOnFailure();

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("-1")]
    [InlineData("1.")]
    public void TokenParse_RejectsWhatToStringNeverWrites(string text) =>
        Assert.False(StreamSequenceToken.TryParse(text, out _));
}
