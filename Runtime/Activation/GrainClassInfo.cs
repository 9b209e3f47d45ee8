using System.Reflection;

namespace ChatDb.Runtime;

/// <summary>What the runtime knows about one grain class, read once at start-up.</summary>
internal sealed class GrainClassInfo
{
    private GrainConstructor? _constructor;

    private GrainClassInfo(Type classType, GrainType grainType)
    {
        ClassType = classType;
        GrainType = grainType;
        IsReentrant = classType.IsDefined(typeof(ReentrantAttribute), inherit: true);
        KeepAlive = classType.IsDefined(typeof(KeepAliveAttribute), inherit: true);
        CollectionAge = classType.GetCustomAttribute<CollectionAgeLimitAttribute>(inherit: true)?.Amount;
    }

    public Type ClassType { get; }

    public GrainType GrainType { get; }

    public bool IsReentrant { get; }

    /// <summary>Never collected for being idle.</summary>
    public bool KeepAlive { get; }

    /// <summary>Per-class override of the silo's collection age.</summary>
    public TimeSpan? CollectionAge { get; }

    /// <summary>Built on first activation and cached for the class.</summary>
    public GrainConstructor Constructor => _constructor ??= GrainConstructor.Build(ClassType);

    public static GrainClassInfo Create(Type classType) => new(classType, GrainTypeOf(classType));

    /// <summary>Class name minus the <c>Grain</c> suffix, lower-case; <see cref="GrainTypeAttribute"/> wins.</summary>
    public static GrainType GrainTypeOf(Type classType)
    {
        var declared = classType.GetCustomAttribute<GrainTypeAttribute>(inherit: false);
        if (declared is not null)
        {
            return new GrainType(declared.GrainType);
        }

        var name = classType.Name;
        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length)
        {
            name = name[..^"Grain".Length];
        }

        return new GrainType(name.ToLowerInvariant());
    }
}
