using ChatDb.Grains.Users;

namespace ChatDb.Grains.Tests;

/// <summary>
/// ARCHITECTURE.md §2: grains depend on contracts (Grains.Interfaces, Storage.Abstractions), never on a storage
/// engine, so a second backend implements the same contracts and the grains run on it unchanged.
/// </summary>
public sealed class DependencyRuleTests
{
    [Fact]
    public void TheGrainsAssembly_ReferencesNoStorageEngine()
    {
        var references = typeof(UserGrain).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("ChatDb.Storage.Abstractions", references);
        Assert.DoesNotContain(references, name => name is not null && name.StartsWith("ChatDb.Storage.Flatfile", StringComparison.Ordinal));
    }
}
