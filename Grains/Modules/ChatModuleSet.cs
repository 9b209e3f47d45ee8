using System.Collections.Frozen;

namespace ChatDb.Grains.Modules;

/// <summary>The modules of this silo as configured: which are on, and which module a grain interface belongs to.</summary>
public sealed class ChatModuleSet
{
    private readonly FrozenDictionary<string, ChatModule> _byName;
    private readonly FrozenDictionary<Type, string> _disabledInterfaces;

    public ChatModuleSet(IEnumerable<ChatModule> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        // The built-in modules first, in their documented order, then the others (plugins) as registered: plugins are
        // registered before the built-in ones so that their names are known when the Modules section is checked.
        All = [.. modules.OrderBy(BuiltInOrder)];
        _byName = All.ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);
        _disabledInterfaces = All.Where(m => !m.Enabled)
            .SelectMany(m => m.GrainInterfaces.Select(i => (Interface: i, m.Name)))
            .ToFrozenDictionary(p => p.Interface, p => p.Name);
        // Read by the grain call filter on every call: the switches do not change while the silo runs.
        AnyDisabled = All.Any(m => !m.Enabled);
    }

    /// <summary>Every registered module: the built-in ones in the order of <see cref="ChatModuleNames.All"/>, then the others in registration order.</summary>
    public IReadOnlyList<ChatModule> All { get; }

    /// <summary>Whether any module is off: when none is, the grain call filter has nothing to look up.</summary>
    public bool AnyDisabled { get; }

    /// <summary>Whether <paramref name="module"/> is on; a module that is not registered counts as on (hosts that register none run everything).</summary>
    public bool IsEnabled(string module) => !_byName.TryGetValue(module, out var found) || found.Enabled;

    /// <summary>Throws <see cref="ModuleDisabledError"/> when <paramref name="module"/> is off.</summary>
    public void EnsureEnabled(string module)
    {
        if (!IsEnabled(module))
        {
            throw ModuleDisabledError.For(module);
        }
    }

    /// <summary>The disabled module <paramref name="grainInterface"/> belongs to, or null when its module is on or it is core.</summary>
    public string? DisabledModuleOf(Type grainInterface) => _disabledInterfaces.GetValueOrDefault(grainInterface);

    private static int BuiltInOrder(ChatModule module)
    {
        for (var i = 0; i < ChatModuleNames.All.Count; i++)
        {
            if (ChatModuleNames.All[i] == module.Name)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
