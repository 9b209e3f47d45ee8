using System.Reflection;
using ChatDb.Client;
using ChatDb.Grains.Users;

namespace ChatDb.Grains.Tests;

/// <summary>
/// ARCHITECTURE.md §2: grains depend on contracts (Grains.Interfaces, Storage.Abstractions), never on a storage
/// engine, so a second backend implements the same contracts and the grains run on it unchanged; and the
/// grains, their contracts and the client run on Microsoft Orleans, never on the home-made runtime
/// (<c>ChatDb.Runtime*</c>) the port replaced.
/// </summary>
public sealed class DependencyRuleTests
{
    private const string HomeMadeRuntime = "ChatDb.Runtime";

    [Fact]
    public void TheGrainsAssembly_ReferencesNoStorageEngine()
    {
        var references = typeof(UserGrain).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("ChatDb.Storage.Abstractions", references);
        Assert.DoesNotContain(references, name => name is not null && name.StartsWith("ChatDb.Storage.Flatfile", StringComparison.Ordinal));
    }

    [Fact]
    public void TheGrains_TheClient_TheseTests_AndEverythingOfChatDbTheyUse_RunOnOrleans_NotOnTheHomeMadeRuntime()
    {
        Assembly[] roots = [typeof(UserGrain).Assembly, typeof(ChatDbClient).Assembly, typeof(DependencyRuleTests).Assembly];

        var reached = ChatDbClosure(roots);

        Assert.Contains("ChatDb.Grains.Interfaces", reached.Keys);
        Assert.Contains("ChatDb.Storage.Facets", reached.Keys);
        Assert.Empty(reached.Where(r => r.Key.StartsWith(HomeMadeRuntime, StringComparison.Ordinal)).Select(r => $"{r.Value} references {r.Key}"));
        Assert.All(new[] { typeof(UserGrain).Assembly, typeof(IUserGrain).Assembly, typeof(ChatDbClient).Assembly }, assembly =>
            Assert.Contains(assembly.GetReferencedAssemblies(), a => a.Name is "Orleans.Core.Abstractions"));
    }

    /// <summary>Every ChatDb assembly reachable from <paramref name="roots"/>, each with the assembly that first referenced it.</summary>
    private static Dictionary<string, string> ChatDbClosure(IEnumerable<Assembly> roots)
    {
        var reached = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>(roots);
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name?.StartsWith("ChatDb.", StringComparison.Ordinal) == true))
            {
                if (reached.TryAdd(reference.Name!, assembly.GetName().Name!) && !reference.Name!.StartsWith(HomeMadeRuntime, StringComparison.Ordinal))
                {
                    pending.Enqueue(Assembly.Load(reference));
                }
            }
        }

        return reached;
    }
}
