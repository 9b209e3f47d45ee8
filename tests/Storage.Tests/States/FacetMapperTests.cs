using System.Reflection;
using ChatDb.Storage.Logs;
using ChatDb.Storage.States;

namespace ChatDb.Storage.Tests.States;

/// <summary>What the mappers refuse when a grain class is built, before any activation exists.</summary>
public sealed class FacetMapperTests
{
    [Fact]
    public void PersistentLogMapper_OnAParameterOfAnotherType_ThrowsConfigurationErrorNamingTheClassAndParameter()
    {
        var parameter = ParameterOf(nameof(MisdeclaredGrain.Notes));

        var error = Assert.Throws<ConfigurationError>(() => new PersistentLogAttributeMapper().GetFactory(parameter, new PersistentLogAttribute("notes")));

        Assert.Contains(nameof(MisdeclaredGrain), error.Message, StringComparison.Ordinal);
        Assert.Contains("'notes'", error.Message, StringComparison.Ordinal);
        Assert.Contains("IPersistentLog<T>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LazyStateMapper_OnAParameterOfAnotherType_ThrowsConfigurationErrorNamingTheClassAndParameter()
    {
        var parameter = ParameterOf(nameof(MisdeclaredGrain.Context));

        var error = Assert.Throws<ConfigurationError>(() => new LazyPersistentStateAttributeMapper().GetFactory(parameter, new LazyPersistentStateAttribute("context")));

        Assert.Contains(nameof(MisdeclaredGrain), error.Message, StringComparison.Ordinal);
        Assert.Contains("'context'", error.Message, StringComparison.Ordinal);
        Assert.Contains("IPersistentState<T>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Attributes_RefuseAnEmptyName()
    {
        Assert.Throws<ArgumentException>(() => new PersistentLogAttribute(""));
        Assert.Throws<ArgumentException>(() => new LazyPersistentStateAttribute(""));
    }

    private static ParameterInfo ParameterOf(string name) =>
        typeof(MisdeclaredGrain).GetConstructors().Single().GetParameters().Single(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Attributes on parameters of the wrong type: a log that is a list, a state that is a log.</summary>
    private sealed class MisdeclaredGrain(
        [PersistentLog("notes")] List<string> notes,
        [LazyPersistentState("context")] IPersistentLog<string> context)
    {
        public List<string> Notes { get; } = notes;

        public IPersistentLog<string> Context { get; } = context;
    }
}
