using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace ChatDb.Runtime;

/// <summary>
/// Process-wide table filled by the generated module initializers: the typed reference factory of
/// every grain interface and the invokable type of every method id. Generated code calls the
/// <c>Register*</c> methods; the runtime and the gateway look things up.
/// </summary>
public static class GrainInterfaceRegistry
{
    private static readonly ConcurrentDictionary<Type, Func<GrainId, IGrainCallInvoker, GrainReference>> ReferenceFactories = new();
    private static readonly ConcurrentDictionary<string, GrainMethodDescriptor> MethodsById = new(StringComparer.Ordinal);

    public static void RegisterInterface(Type interfaceType, Func<GrainId, IGrainCallInvoker, GrainReference> referenceFactory)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        ArgumentNullException.ThrowIfNull(referenceFactory);
        ReferenceFactories.TryAdd(interfaceType, referenceFactory);
    }

    /// <summary>Registers a method; the same id registered twice (an interface seen by two assemblies) keeps the first.</summary>
    public static void RegisterMethod(GrainMethodDescriptor method)
    {
        ArgumentNullException.ThrowIfNull(method);
        MethodsById.TryAdd(method.MethodId, method);
    }

    public static bool TryGetMethod(string methodId, [NotNullWhen(true)] out GrainMethodDescriptor? method) =>
        MethodsById.TryGetValue(methodId, out method);

    /// <summary>All registered methods, e.g. for a gateway that builds its serializer table.</summary>
    public static IReadOnlyCollection<GrainMethodDescriptor> Methods => (IReadOnlyCollection<GrainMethodDescriptor>)MethodsById.Values;

    public static bool IsRegistered(Type interfaceType) => ReferenceFactories.ContainsKey(interfaceType);

    public static GrainReference CreateReference(Type interfaceType, GrainId grainId, IGrainCallInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        if (!ReferenceFactories.TryGetValue(interfaceType, out var factory))
        {
            // Module initializers run on first use of a module; a bare typeof() does not count as use.
            RuntimeHelpers.RunModuleConstructor(interfaceType.Module.ModuleHandle);
            if (!ReferenceFactories.TryGetValue(interfaceType, out factory))
            {
                throw new InvalidOperationException(
                    $"No generated reference for grain interface {interfaceType}. Reference ChatDb.Runtime.CodeGenerator as an analyzer in the project that declares it.");
            }
        }

        return factory(grainId, invoker);
    }
}
