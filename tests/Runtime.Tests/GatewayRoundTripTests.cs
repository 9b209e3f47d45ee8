using ChatDb.Runtime.Storage;
using ChatDb.Runtime.Tests.Grains;
using ChatDb.Runtime.Tests.Infrastructure;
using ChatDb.Storage;

namespace ChatDb.Runtime.Tests;

/// <summary>The same bodies run through the gateway client and through the silo's in-process factory.</summary>
[Collection(GatewayClusterCollection.Name)]
public sealed class GatewayRoundTripTests(GatewayClusterFixture fixture)
{
    public static TheoryData<string> Sides => GatewayClusterFixture.Sides;

    [Theory]
    [MemberData(nameof(Sides))]
    public async Task ScalarsStringsAndNulls_RoundTrip(string side)
    {
        var grain = fixture.Factory(side).GetGrain<IWireShapesGrain>(Probe.NewKey("scalars"));

        Assert.Equal("héllo 🌍 \"quoted\"\n", await grain.ConcatAsync("héllo 🌍 ", "\"quoted\"\n"));
        Assert.Equal(5, await grain.AddAsync(2, 3));
        Assert.Equal(long.MaxValue, await grain.EchoLongAsync(long.MaxValue));
        Assert.Null(await grain.EchoNullableAsync(null));
        Assert.Equal("x", await grain.EchoNullableAsync("x"));
        Assert.Null(await grain.FindAsync("nobody"));
    }

    [Theory]
    [MemberData(nameof(Sides))]
    public async Task RecordsListsAndDictionaries_RoundTrip(string side)
    {
        var grain = fixture.Factory(side).GetGrain<IWireShapesGrain>(Probe.NewKey("records"));
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));
        var record = new WireRecord("old", 3, ["a", "b"], at, new WireRecord("child", 0, [], at, null));

        var renamed = await grain.RenameAsync(record, "new");

        Assert.Equal("new", renamed.Name);
        Assert.Equal(3, renamed.Count);
        Assert.Equal(["a", "b"], renamed.Tags);
        Assert.Equal(at, renamed.At);
        Assert.Equal(TimeSpan.FromHours(2), renamed.At.Offset);
        Assert.Equal("child", renamed.Child!.Name);
        Assert.Null(renamed.Child.Child);
        Assert.Equal([3, 2, 1], await grain.ReverseAsync([1, 2, 3]));
        Assert.Equal(new Dictionary<string, int> { ["a"] = 2, ["b"] = 1 }, await grain.CountLettersAsync("aba"));
    }

    [Theory]
    [MemberData(nameof(Sides))]
    public async Task TaskWithoutResult_CompletesAfterTheGrainRanIt(string side)
    {
        var grain = fixture.Factory(side).GetGrain<IWireShapesGrain>(Probe.NewKey("void"));

        await grain.RememberAsync("kept");

        Assert.Equal("kept", await grain.RecallAsync());
    }

    [Fact]
    public async Task ClientAndSiloReferences_NameTheSameGrain_AndSeeTheSameActivation()
    {
        var key = Probe.NewKey("same");
        var viaClient = fixture.Factory(GatewayClusterFixture.Client).GetGrain<IWireShapesGrain>(key);
        var viaSilo = fixture.Factory(GatewayClusterFixture.Silo).GetGrain<IWireShapesGrain>(key);

        Assert.Equal(viaSilo.GetGrainId(), viaClient.GetGrainId());
        await viaClient.RememberAsync("from the client");
        Assert.Equal("from the client", await viaSilo.RecallAsync());
    }

    [Theory]
    [MemberData(nameof(Sides))]
    public async Task GrainKeysOfEveryKind_ReachTheRightActivation(string side)
    {
        var factory = fixture.Factory(side);
        var guid = Guid.NewGuid();

        Assert.Equal($"hello {guid:N}/ext", await factory.GetGrain<IGreetingGrain>(guid, "ext").GreetAsync());
        Assert.Equal(guid, await factory.GetGrain<IDefaultAgeGrain>(guid).PingAsync());
    }

    public static TheoryData<string, string, Type> Failures => new()
    {
        { GatewayClusterFixture.Client, "not-found", typeof(NotFoundError) },
        { GatewayClusterFixture.Silo, "not-found", typeof(NotFoundError) },
        { GatewayClusterFixture.Client, "validation", typeof(ValidationError) },
        { GatewayClusterFixture.Client, "limit", typeof(StorageLimitExceeded) },
        { GatewayClusterFixture.Client, "inconsistent", typeof(InconsistentStateException) },
        { GatewayClusterFixture.Silo, "inconsistent", typeof(InconsistentStateException) },
        { GatewayClusterFixture.Client, "argument-null", typeof(ArgumentNullException) },
        { GatewayClusterFixture.Silo, "argument-null", typeof(ArgumentNullException) },
        { GatewayClusterFixture.Client, "invalid-operation", typeof(InvalidOperationException) },
        { GatewayClusterFixture.Client, "key-not-found", typeof(KeyNotFoundException) },
        { GatewayClusterFixture.Client, "other", typeof(NotSupportedException) },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task GrainException_ArrivesWithTypeAndMessage_AndTheGrainStaysUsable(string side, string kind, Type expected)
    {
        var grain = fixture.Factory(side).GetGrain<IWireShapesGrain>(Probe.NewKey("fail"));
        await grain.RememberAsync("state before the failure");
        var message = $"{kind} failed for session s-1 (rule: max 3)";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => grain.FailAsync(kind, message));

        Assert.IsType(expected, error);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(3, await grain.AddAsync(1, 2));

        // A stale etag deactivates the activation by design (the next call reloads); other failures keep it.
        Assert.Equal(kind == "inconsistent" ? null : "state before the failure", await grain.RecallAsync());
    }

    [Fact]
    public async Task UnknownExceptionType_ArrivesAsGrainCallException_NamingTheRemoteType()
    {
        var grain = fixture.Cluster.Client.GetGrain<IWireShapesGrain>(Probe.NewKey("custom"));

        var error = await Assert.ThrowsAsync<GrainCallException>(() => grain.FailAsync("custom", "the grain gave up"));

        Assert.Equal(typeof(GrainFailureException).FullName, error.RemoteExceptionType);
        Assert.Equal("the grain gave up", error.Message);
        Assert.Equal(5, await grain.AddAsync(2, 3));
    }
}
