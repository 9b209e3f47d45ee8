using ChatDb.Storage;
using System.Reflection;
using ChatDb.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Runtime;

/// <summary>
/// How to create and load one persistent constructor parameter: <c>PersistentState&lt;T&gt;(stateName,
/// grainId, IGrainStorage)</c> loaded with <c>ReadStateAsync()</c>, or <c>PersistentLog&lt;T&gt;(logName,
/// grainId, IGrainLogStorage)</c> loaded with <c>LoadAsync(CancellationToken)</c>. Constructors and
/// loaders are bound once per grain class, never per activation.
/// </summary>
internal sealed class PersistentFacet
{
    private readonly string _name;
    private readonly string _storageName;
    private readonly Type _storageType;
    private readonly ConstructorInvoker _constructor;
    private readonly Func<object, CancellationToken, Task> _load;

    private PersistentFacet(string name, string storageName, Type storageType, ConstructorInvoker constructor, Func<object, CancellationToken, Task> load)
    {
        _name = name;
        _storageName = storageName;
        _storageType = storageType;
        _constructor = constructor;
        _load = load;
    }

    /// <summary>False for a state the grain reads itself on first use (<see cref="PersistentStateAttribute.LoadOnActivation"/>).</summary>
    public bool LoadOnActivation { get; private init; } = true;

    public static PersistentFacet ForState(Type classType, ParameterInfo parameter, string stateName, string storageName, bool loadOnActivation = true)
    {
        var stateType = ElementType(classType, parameter, typeof(IPersistentState<>));
        var facetClass = typeof(PersistentState<>).MakeGenericType(stateType);
        var constructor = facetClass.GetConstructor([typeof(string), typeof(GrainId), typeof(IGrainStorage)])
            ?? throw Misfit(classType, parameter, $"{facetClass} has no constructor (string, GrainId, IGrainStorage)");
        var load = typeof(PersistentFacet).GetMethod(nameof(LoadStateAsync), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(stateType)
            .CreateDelegate<Func<object, CancellationToken, Task>>();
        return new PersistentFacet(stateName, storageName, typeof(IGrainStorage), ConstructorInvoker.Create(constructor), load)
        {
            LoadOnActivation = loadOnActivation,
        };
    }

    public static PersistentFacet ForLog(Type classType, ParameterInfo parameter, string logName, string storageName)
    {
        var entryType = ElementType(classType, parameter, typeof(IPersistentLog<>));
        var facetClass = typeof(PersistentLog<>).MakeGenericType(entryType);
        var constructor = facetClass.GetConstructor([typeof(string), typeof(GrainId), typeof(IGrainLogStorage)])
            ?? throw Misfit(classType, parameter, $"{facetClass} has no constructor (string, GrainId, IGrainLogStorage)");
        var loadMethod = facetClass.GetMethod("LoadAsync", [typeof(CancellationToken)])
            ?? throw Misfit(classType, parameter, $"{facetClass} has no LoadAsync(CancellationToken)");
        var loader = MethodInvoker.Create(loadMethod);
        return new PersistentFacet(logName, storageName, typeof(IGrainLogStorage), ConstructorInvoker.Create(constructor),
            (facet, cancellationToken) => (Task)loader.Invoke(facet, cancellationToken)!);
    }

    public object Create(IServiceProvider services, GrainId grainId)
    {
        var storage = services.GetKeyedService(_storageType, _storageName)
            ?? throw new ConfigurationError(
                $"Grain {grainId} needs the {_storageType.Name} provider named '{_storageName}' for '{_name}', but none is registered.");
        return _constructor.Invoke(_name, grainId, storage);
    }

    public Task LoadAsync(object facet, CancellationToken cancellationToken) => _load(facet, cancellationToken);

    private static Task LoadStateAsync<T>(object facet, CancellationToken cancellationToken) =>
        ((IPersistentState<T>)facet).ReadStateAsync();

    private static Type ElementType(Type classType, ParameterInfo parameter, Type facetInterface)
    {
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != facetInterface)
        {
            throw Misfit(classType, parameter, $"the parameter must be of type {facetInterface.Name[..^2]}<T>");
        }

        return type.GetGenericArguments()[0];
    }

    private static ConfigurationError Misfit(Type classType, ParameterInfo parameter, string rule) =>
        new($"Grain class {classType}, constructor parameter '{parameter.Name}': {rule}.");
}
