using System.Reflection;
using ChatDb.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Runtime;

/// <summary>
/// Creates grains of one class: constructor parameters come from DI, except those marked
/// <see cref="PersistentStateAttribute"/> or <see cref="PersistentLogAttribute"/>, which get a facet
/// bound to the activation's id and the named storage provider (keyed singleton, default "Default").
/// Built once per class; creating a grain then costs one constructor invocation plus its services.
/// </summary>
internal sealed class GrainConstructor
{
    private readonly Type _classType;
    private readonly ConstructorInvoker _invoker;
    private readonly ParameterSource[] _parameters;
    private readonly int _facetCount;

    private GrainConstructor(Type classType, ConstructorInfo constructor, ParameterSource[] parameters)
    {
        _classType = classType;
        _invoker = ConstructorInvoker.Create(constructor);
        _parameters = parameters;
        _facetCount = parameters.Count(p => p.Facet is not null);
    }

    public static GrainConstructor Build(Type classType)
    {
        var constructor = classType.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"Grain class {classType} has no public constructor.");
        var parameters = constructor.GetParameters().Select(p => ParameterSource.For(classType, p)).ToArray();
        return new GrainConstructor(classType, constructor, parameters);
    }

    /// <summary>Creates the grain; returns it with its persistent facets in parameter order.</summary>
    public (Grain Grain, object[] Facets) Create(IServiceProvider services, GrainId grainId)
    {
        var arguments = new object?[_parameters.Length];
        var facets = _facetCount == 0 ? [] : new object[_facetCount];
        var nextFacet = 0;
        for (var i = 0; i < _parameters.Length; i++)
        {
            var value = _parameters[i].Resolve(services, grainId);
            arguments[i] = value;
            if (_parameters[i].Facet is not null)
            {
                facets[nextFacet++] = value!;
            }
        }

        var grain = _invoker.Invoke(arguments.AsSpan());
        return ((Grain)grain, facets);
    }

    /// <summary>Loads every facet (state read, log count) before <c>OnActivateAsync</c>, except states the grain reads on first use.</summary>
    public async Task LoadFacetsAsync(object[] facets, CancellationToken cancellationToken)
    {
        var nextFacet = 0;
        foreach (var parameter in _parameters)
        {
            if (parameter.Facet is { } facet)
            {
                var instance = facets[nextFacet++];
                if (facet.LoadOnActivation)
                {
                    await facet.LoadAsync(instance, cancellationToken);
                }
            }
        }
    }

    public override string ToString() => $"constructor of {_classType}";

    private sealed record ParameterSource(Func<IServiceProvider, GrainId, object?> Resolve, PersistentFacet? Facet)
    {
        public static ParameterSource For(Type classType, ParameterInfo parameter)
        {
            var state = parameter.GetCustomAttribute<PersistentStateAttribute>();
            if (state is not null)
            {
                var facet = PersistentFacet.ForState(classType, parameter, state.StateName, state.StorageName ?? StorageProviderNames.Default, state.LoadOnActivation);
                return new ParameterSource(facet.Create, facet);
            }

            var log = parameter.GetCustomAttribute<PersistentLogAttribute>();
            if (log is not null)
            {
                var facet = PersistentFacet.ForLog(classType, parameter, log.LogName, log.StorageName ?? StorageProviderNames.Default);
                return new ParameterSource(facet.Create, facet);
            }

            var type = parameter.ParameterType;
            var keyed = parameter.GetCustomAttribute<FromKeyedServicesAttribute>();
            if (keyed is not null)
            {
                return new ParameterSource((services, _) => services.GetRequiredKeyedService(type, keyed.Key), null);
            }

            return new ParameterSource(
                (services, _) => services.GetService(type)
                    ?? (parameter.HasDefaultValue
                        ? parameter.DefaultValue
                        : throw new InvalidOperationException(
                            $"Cannot create grain class {classType}: no service of type {type} is registered for constructor parameter '{parameter.Name}'.")),
                null);
        }
    }
}
