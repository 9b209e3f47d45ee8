using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatDb.Storage.Json;

namespace ChatDb.Storage.Flatfile.Tests.Json;

/// <summary>
/// Timestamps are written digit by digit (<see cref="UtcDateTimeOffsetConverter.FormatUtf8"/>); every stored timestamp
/// must read exactly as the format string <see cref="UtcDateTimeOffsetConverter.Format"/> spells it.
/// </summary>
public sealed class TimestampFormatTests
{
    [Theory]
    [InlineData(0L, 0)] // the first instant
    [InlineData(9L, 0)] // below a microsecond: cut, not rounded
    [InlineData(3155378975999999999L, 0)] // the last instant
    [InlineData(315221471999999999L, 0)] // in year 999: the year is zero-padded
    [InlineData(638712998451234567L, 0)] // 2025, with a seventh fractional digit
    [InlineData(639006066000000010L, -300)] // an instant given at UTC-5
    [InlineData(639006066000000000L, 840)] // an instant given at UTC+14
    public void FormatUtf8_SpellsEdgeInstants_AsTheFormatString(long utcTicks, int offsetMinutes) =>
        AssertSameSpelling(new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes)));

    [Fact]
    public void FormatUtf8_SpellsRandomInstants_AsTheFormatString()
    {
        var random = new Random(20261207);
        for (var i = 0; i < 20_000; i++)
        {
            var ticks = random.NextInt64(DateTimeOffset.MinValue.UtcTicks + TimeSpan.TicksPerDay, DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerDay);
            var offset = TimeSpan.FromMinutes(random.Next(-14 * 60, (14 * 60) + 1));
            AssertSameSpelling(new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(offset));
        }
    }

    [Fact]
    public void Serializer_WritesTheSameSpelling_AndReadsItBack()
    {
        var value = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1_234_569);
        var json = JsonSerializer.Serialize(value, StorageJson.Lines);
        Assert.Equal("\"2025-01-02T01:04:05.123456Z\"", json);
        Assert.Equal(value.AddTicks(-9), JsonSerializer.Deserialize<DateTimeOffset>(json, StorageJson.Lines));
    }

    [Fact]
    public void FormatUtf8_RefusesATooSmallDestination_NamingBothSizes()
    {
        var error = Assert.Throws<ArgumentException>(() => UtcDateTimeOffsetConverter.FormatUtf8(DateTimeOffset.UnixEpoch, new byte[26]));
        Assert.Contains("27", error.Message, StringComparison.Ordinal);
        Assert.Contains("26", error.Message, StringComparison.Ordinal);
    }

    private static void AssertSameSpelling(DateTimeOffset value)
    {
        Span<byte> utf8 = stackalloc byte[UtcDateTimeOffsetConverter.FormattedLength];
        var written = UtcDateTimeOffsetConverter.FormatUtf8(value, utf8);
        var expected = value.UtcDateTime.ToString(UtcDateTimeOffsetConverter.Format, CultureInfo.InvariantCulture);
        Assert.Equal(expected, Encoding.UTF8.GetString(utf8[..written]));
    }
}
