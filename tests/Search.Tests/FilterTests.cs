using ChatDb.Grains.Search;
using static ChatDb.Search.Tests.Messages;

namespace ChatDb.Search.Tests;

public sealed class FilterTests
{
    private readonly FullTextIndex _index = new();

    public FilterTests()
    {
        _index.Add("s1", Message(1, "deploy the cluster tonight", "user", Epoch));
        _index.Add("s1", Message(2, "deploy scripts are ready", "assistant", Epoch.AddHours(1)));
        _index.Add("s2", Message(1, "deploy failed on staging", "user", Epoch.AddHours(2)));
        _index.Add("s3", Message(1, "deploy to São Paulo region", "assistant", Epoch.AddHours(3)));
        _index.SetSessionEntities("s2", ["Staging", "Ada Lovelace"]);
        _index.SetSessionEntities("s3", ["São Paulo"]);
    }

    [Fact]
    public void Session_KeepsOnlyThatSession() =>
        Assert.Equal([("s1", 2L), ("s1", 1L)], Keys(new SearchFilter(SessionId: "s1")));

    [Fact]
    public void Role_KeepsOnlyThatRole() =>
        Assert.Equal([("s3", 1L), ("s1", 2L)], Keys(new SearchFilter(Role: "assistant")));

    [Fact]
    public void TimeRange_IncludesFrom_AndExcludesTo() =>
        Assert.Equal([("s2", 1L), ("s1", 2L)], Keys(new SearchFilter(From: Epoch.AddHours(1), To: Epoch.AddHours(3))));

    [Fact]
    public void TimeRange_ComparesInstants_NotLocalClockReadings() =>
        Assert.Equal([("s1", 1L)], Keys(new SearchFilter(To: new DateTimeOffset(2025, 1, 2, 5, 4, 6, TimeSpan.FromHours(2)))));

    [Fact]
    public void Entity_MatchesFoldedNames_OfTheSessionsContext()
    {
        Assert.Equal([("s3", 1L)], Keys(new SearchFilter(Entity: "sao paulo")));
        Assert.Equal([("s2", 1L)], Keys(new SearchFilter(Entity: "ADA LOVELACE")));
    }

    [Fact]
    public void Filters_Combine()
    {
        Assert.Equal([("s1", 2L)], Keys(new SearchFilter(SessionId: "s1", Role: "assistant")));
        Assert.Empty(Keys(new SearchFilter(SessionId: "s1", Entity: "staging")));
    }

    [Theory]
    [InlineData("nope", null, null)]
    [InlineData(null, "system", null)]
    [InlineData(null, null, "Nobody")]
    public void UnknownSessionRoleOrEntity_MatchesNothing(string? session, string? role, string? entity) =>
        Assert.Empty(Keys(new SearchFilter(session, role, Entity: entity)));

    [Fact]
    public void EmptyRange_MatchesNothing() =>
        Assert.Empty(Keys(new SearchFilter(From: Epoch.AddHours(2), To: Epoch.AddHours(2))));

    [Fact]
    public void SetSessionEntities_ReplacesThePreviousSet()
    {
        _index.SetSessionEntities("s3", ["Lisbon"]);
        Assert.Empty(Keys(new SearchFilter(Entity: "São Paulo")));
        Assert.Equal(["lisbon"], _index.SessionEntities("s3"));
    }

    [Fact]
    public void Metadata_KeepsMessagesWithEveryKeyAndValue_ComparingNumbersByTheirJsonText()
    {
        _index.Add("s4", Message(1, "deploy with flags", "user", Epoch.AddHours(4)) with { Metadata = Map("""{"lang":"en","turn":3}""") });
        _index.Add("s4", Message(2, "deploy without flags", "user", Epoch.AddHours(5)) with { Metadata = Map("""{"lang":"de","turn":3}""") });

        Assert.Equal([("s4", 1L)], Keys(new SearchFilter(Metadata: new Dictionary<string, string> { ["lang"] = "en", ["turn"] = "3" })));
        Assert.Equal([("s4", 1L), ("s4", 2L)], Keys(new SearchFilter(Metadata: new Dictionary<string, string> { ["turn"] = "3" })).Order());
        Assert.Empty(Keys(new SearchFilter(Metadata: new Dictionary<string, string> { ["lang"] = "en", ["turn"] = "4" })));
    }

    private static Dictionary<string, System.Text.Json.JsonElement> Map(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, System.Text.Json.JsonElement>>(json)!;

    private List<(string, long)> Keys(SearchFilter filter) =>
        [.. _index.Search("deploy", filter).Select(h => (h.SessionId, h.Message.Seq))];
}
