using ChatDb.Storage;
using System.Reflection;

namespace ChatDb.Runtime;

/// <summary>
/// Grain classes of this silo and which grain interfaces they implement; built once at start-up from
/// the assemblies given to <c>AddGrains</c> (or, when none were given, every loaded assembly that
/// references ChatDb.Runtime).
/// </summary>
internal sealed class GrainClassRegistry
{
    private readonly Dictionary<GrainType, GrainClassInfo> _byGrainType = [];
    private readonly Dictionary<Type, List<GrainClassInfo>> _byInterface = [];

    public GrainClassRegistry(IEnumerable<Assembly> assemblies)
    {
        foreach (var assembly in assemblies.Distinct())
        {
            foreach (var type in LoadableTypes(assembly))
            {
                if (type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } && typeof(Grain).IsAssignableFrom(type))
                {
                    Add(GrainClassInfo.Create(type));
                }
            }
        }
    }

    public IReadOnlyCollection<GrainClassInfo> Classes => _byGrainType.Values;

    public static IEnumerable<Assembly> AssembliesReferencingRuntime()
    {
        var runtime = typeof(Grain).Assembly.GetName().Name;
        return AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && a.GetReferencedAssemblies().Any(r => r.Name == runtime));
    }

    public GrainClassInfo GetClass(GrainId grainId) =>
        _byGrainType.TryGetValue(grainId.Type, out var info)
            ? info
            : throw new InvalidOperationException($"No grain class is registered for grain type '{grainId.Type}' (grain {grainId}). Register its assembly with AddGrains.");

    /// <summary>The grain type implementing <paramref name="grainInterface"/>; exactly one class must implement it.</summary>
    public GrainType GetGrainType(Type grainInterface)
    {
        if (!_byInterface.TryGetValue(grainInterface, out var classes))
        {
            throw new InvalidOperationException($"No registered grain class implements {grainInterface}. Register its assembly with AddGrains.");
        }

        if (classes.Count > 1)
        {
            throw new InvalidOperationException(
                $"{grainInterface} is implemented by several grain classes ({string.Join(", ", classes.Select(c => c.ClassType.Name))}); use a more specific interface.");
        }

        return classes[0].GrainType;
    }

    private void Add(GrainClassInfo info)
    {
        if (_byGrainType.TryGetValue(info.GrainType, out var existing))
        {
            if (existing.ClassType == info.ClassType)
            {
                return;
            }

            throw new ConfigurationError(
                $"Grain classes {existing.ClassType} and {info.ClassType} both have grain type '{info.GrainType}'; rename one or set [GrainType].");
        }

        _byGrainType.Add(info.GrainType, info);
        foreach (var grainInterface in info.ClassType.GetInterfaces())
        {
            if (typeof(IGrain).IsAssignableFrom(grainInterface) && grainInterface.Assembly != typeof(IGrain).Assembly)
            {
                if (!_byInterface.TryGetValue(grainInterface, out var list))
                {
                    _byInterface[grainInterface] = list = [];
                }

                list.Add(info);
            }
        }
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            return partial.Types.Where(t => t is not null)!;
        }
    }
}
