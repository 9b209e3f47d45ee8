using System.Reflection;

namespace ChatDb.Runtime.Storage;

/// <summary>
/// Creates the value a piece of grain state holds when nothing is stored: a new instance for
/// classes with a public parameterless constructor, <c>default</c> otherwise. Providers use it on
/// a read that finds nothing, <see cref="PersistentState{T}"/> on construction and after a clear,
/// so grain code sees the same starting value whichever provider is configured.
/// </summary>
public static class DefaultState
{
    public static T Create<T>() => Factory<T>.CanConstruct ? Activator.CreateInstance<T>() : default!;

    private static class Factory<T>
    {
        // Value types always construct (to their default); abstract classes, interfaces, strings
        // and positional records have no public parameterless constructor and stay null.
        public static readonly bool CanConstruct =
            typeof(T).IsValueType
            || (!typeof(T).IsAbstract && typeof(T).GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is not null);
    }
}
