using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Providers;
using Orleans.Runtime;

namespace ChatDb.Storage.Logs;

/// <summary>
/// Turns a <see cref="PersistentLogAttribute"/> on a grain constructor parameter into the factory Orleans
/// calls for each activation (as Orleans' <c>PersistentStateAttributeMapper</c> does for state). Reflection
/// runs once per grain class; each activation resolves the keyed <see cref="IGrainLogStorage"/>, creates a
/// <see cref="PersistentLog{T}"/> and subscribes its count load to <see cref="GrainLifecycleStage.SetupState"/> (unless
/// <see cref="PersistentLogAttribute.LoadOnActivation"/> is false).
/// </summary>
public sealed class PersistentLogAttributeMapper : IAttributeToFactoryMapper<PersistentLogAttribute>
{
    public Factory<IGrainContext, object> GetFactory(ParameterInfo parameter, PersistentLogAttribute metadata)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(metadata);
        var entryType = FacetParameter.ElementType(parameter, typeof(IPersistentLog<>), typeof(PersistentLogAttribute));
        var storageName = metadata.StorageName ?? ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME;
        return FacetParameter.InvokeGeneric<Factory<IGrainContext, object>>(
            typeof(PersistentLogAttributeMapper), nameof(CreateFactory), entryType, metadata.LogName, storageName, metadata.LoadOnActivation);
    }

    private static Factory<IGrainContext, object> CreateFactory<T>(string logName, string storageName, bool loadOnActivation)
    {
        var observerName = $"PersistentLog<{typeof(T).Name}>:{logName}";
        return context =>
        {
            var storage = context.ActivationServices.GetKeyedService<IGrainLogStorage>(storageName)
                ?? throw new ConfigurationError(
                    $"Grain {context.GrainId} needs the log storage named '{storageName}' for its log '{logName}', but no IGrainLogStorage is registered under that name.");
            var log = new PersistentLog<T>(logName, context.GrainId, storage);
            if (loadOnActivation)
            {
                context.ObservableLifecycle.Subscribe(observerName, GrainLifecycleStage.SetupState, log.LoadAsync);
            }

            return log;
        };
    }
}
