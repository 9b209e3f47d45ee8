using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.Tests.Support;
using ChatDb.Storage.Ids;
using FsCheck;
using FsCheck.Fluent;

namespace ChatDb.Storage.Flatfile.Tests.Layout;

public sealed class EntityIdsTests
{
    private static readonly DateTimeOffset Instant = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Instant.AddTicks(1_234_567));
    private readonly EntityIds _ids;

    public EntityIdsTests() => _ids = new EntityIds(new FlatfileStorageOptions().IdFormat(), _clock);

    [Theory]
    [InlineData(GeneratedIdKind.Session)]
    [InlineData(GeneratedIdKind.Panel)]
    [InlineData(GeneratedIdKind.Context)]
    [InlineData(GeneratedIdKind.Insight)]
    public void DefaultFormat_IsTheFlatfileDefaultSettings_SoGrainsWithoutFlatfileMakeTheSameIds(GeneratedIdKind kind)
    {
        var configured = new FlatfileStorageOptions().IdFormat();

        Assert.Equal(configured.Prefix(kind), EntityIdFormat.Default.Prefix(kind));
        Assert.Equal(configured.TimestampFormat(kind), EntityIdFormat.Default.TimestampFormat(kind));
    }

    [Fact]
    public void NewIds_HaveTheDocumentedFormInUtcWithMicroseconds()
    {
        Assert.Equal("chat_session_20250102_030405_123456", _ids.NewSessionId());
        Assert.Equal("panel_20250102_030405_123456", _ids.NewPanelId());
        Assert.Equal("context_20250102_030405_123456", _ids.NewContextId());
        Assert.Equal("insight_20250102_030405_123456", _ids.NewInsightId());
    }

    [Fact]
    public void NewSessionId_ClockInAnotherOffset_IsStillUtc()
    {
        _clock.SetUtcNow(new DateTimeOffset(2025, 1, 2, 5, 4, 5, TimeSpan.FromHours(2)));

        Assert.Equal("chat_session_20250102_030405_000000", _ids.NewSessionId());
    }

    [Fact]
    public void NewSessionId_TwiceWithoutTheClockMoving_StaysUniqueAndOrdered()
    {
        var first = _ids.NewSessionId();
        var second = _ids.NewSessionId();
        _clock.Advance(TimeSpan.FromTicks(5));
        var third = _ids.NewSessionId();

        Assert.Equal("chat_session_20250102_030405_123456", first);
        Assert.Equal("chat_session_20250102_030405_123457", second);
        Assert.Equal("chat_session_20250102_030405_123458", third);
    }

    [Fact]
    public void TryParse_GeneratedId_ReturnsItsInstant()
    {
        var id = _ids.NewPanelId();

        Assert.True(_ids.Format.TryParse(GeneratedIdKind.Panel, id, out var timestamp));
        Assert.Equal(Instant.AddTicks(1_234_560), timestamp);
        Assert.Equal(TimeSpan.Zero, timestamp.Offset);
    }

    [Theory]
    [InlineData("panel_20250102_030405_123456")]
    [InlineData("chat_session_20250102_030405")]
    [InlineData("chat_session_20251302_030405_123456")]
    [InlineData("chat_session_20250230_030405_123456")]
    [InlineData("chat_session_20250102_030405_1234567")]
    [InlineData("chat_session_20250102_030405_123456x")]
    [InlineData("chat_session__20250102_030405_123456")]
    [InlineData("chat_session_2025010_2030405_123456")]
    [InlineData("CHAT_SESSION_20250102_030405_123456")]
    [InlineData("chat_session_20250102_030405_123456/..")]
    [InlineData("")]
    public void Validate_SessionIdOfAnotherShape_IsRejected(string id)
    {
        Assert.False(_ids.Format.IsValid(GeneratedIdKind.Session, id));
        var error = Assert.Throws<ValidationError>(() => _ids.Format.Validate(GeneratedIdKind.Session, id));
        Assert.Contains("session id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatThenParse_RoundTripsAnyInstantToTheMicrosecond()
    {
        var format = _ids.Format;
        Prop.ForAll(ArbMap.Default.ArbFor<DateTime>(), (DateTime value) =>
        {
            var instant = new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc));
            var expected = instant.AddTicks(-(instant.Ticks % 10));
            var id = format.Format(GeneratedIdKind.Context, instant);
            return format.TryParse(GeneratedIdKind.Context, id, out var parsed) && parsed == expected &&
                   format.Validate(GeneratedIdKind.Context, id) == id;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ConfiguredPrefix_IsUsedToGenerateAndToParse()
    {
        var ids = new EntityIds(new FlatfileStorageOptions { SessionIdPrefix = "talk" }.IdFormat(), _clock);

        var id = ids.NewSessionId();

        Assert.Equal("talk_20250102_030405_123456", id);
        Assert.True(ids.Format.IsValid(GeneratedIdKind.Session, id));
        Assert.False(ids.Format.IsValid(GeneratedIdKind.Session, "chat_session_20250102_030405_123456"));
    }
}
