using ChatDb.Storage.States;
using ChatDb.Storage.TestKit;

namespace ChatDb.Storage.Tests.States;

public sealed class DefaultStateTests
{
    [Fact]
    public void Create_GivesAFreshInstanceForAClassWithAParameterlessConstructor()
    {
        var first = DefaultState.Create<ConformanceState>();
        var second = DefaultState.Create<ConformanceState>();

        Assert.NotNull(first);
        Assert.NotSame(first, second);
        Assert.Equal("", first.Name);
    }

    [Fact]
    public void Create_GivesNullForTypesWithoutAParameterlessConstructor()
    {
        Assert.Null(DefaultState.Create<PositionalState>());
        Assert.Null(DefaultState.Create<string>());
        Assert.Null(DefaultState.Create<Stream>());
        Assert.Null(DefaultState.Create<IReadOnlyList<int>>());
    }

    [Fact]
    public void Create_GivesTheDefaultOfAValueType()
    {
        Assert.Equal(0, DefaultState.Create<int>());
        Assert.Null(DefaultState.Create<int?>());
        Assert.Equal(default, DefaultState.Create<DateTimeOffset>());
    }
}
