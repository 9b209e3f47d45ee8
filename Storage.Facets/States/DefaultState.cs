using System.Reflection;

namespace ChatDb.Storage.States;

/// <summary>
/// The value a piece of grain state holds when nothing is stored: a new instance for classes with a public
/// parameterless constructor (and for value types), <c>default</c> otherwise, so a positional record such
/// as <c>ChatSession</c> reads as <c>null</c>. ChatDb's <c>IGrainStorage</c> providers set it on a read
/// that finds nothing and after a clear; Orleans would otherwise leave its own activator's value, which for
/// a type without a parameterless constructor is an uninitialised object whose every field is null.
/// </summary>
public static class DefaultState
{
    public static T Create<T>() => Factory<T>.CanConstruct ? Activator.CreateInstance<T>() : default!;

    private static class Factory<T>
    {
        // Abstract classes, interfaces, strings and positional records have no public parameterless constructor.
        public static readonly bool CanConstruct =
            typeof(T).IsValueType
            || (!typeof(T).IsAbstract && typeof(T).GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is not null);
    }
}
