using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace ChatDb.Storage.States;

/// <summary>
/// Turns a <see cref="LazyPersistentStateAttribute"/> into the factory Orleans calls for each activation:
/// a <see cref="LazyPersistentState{TState}"/> over the <see cref="IGrainStorage"/> Orleans' own
/// <c>PersistentStateFactory</c> would pick (the keyed provider, or the unkeyed default when no name is given).
/// </summary>
public sealed class LazyPersistentStateAttributeMapper : IAttributeToFactoryMapper<LazyPersistentStateAttribute>
{
    public Factory<IGrainContext, object> GetFactory(ParameterInfo parameter, LazyPersistentStateAttribute metadata)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(metadata);
        var stateType = FacetParameter.ElementType(parameter, typeof(IPersistentState<>), typeof(LazyPersistentStateAttribute));
        return FacetParameter.InvokeGeneric<Factory<IGrainContext, object>>(
            typeof(LazyPersistentStateAttributeMapper), nameof(CreateFactory), stateType, metadata.StateName, metadata.StorageName);
    }

    private static Factory<IGrainContext, object> CreateFactory<TState>(string stateName, string? storageName) =>
        context =>
        {
            var storage = (storageName is null
                    ? context.ActivationServices.GetService<IGrainStorage>()
                    : context.ActivationServices.GetKeyedService<IGrainStorage>(storageName))
                ?? throw new ConfigurationError(
                    $"Grain {context.GrainId} needs the grain storage {(storageName is null ? "registered as default" : $"named '{storageName}'")} "
                    + $"for its state '{stateName}', but none is registered.");
            return new LazyPersistentState<TState>(stateName, context, storage);
        };
}
