using System.Reflection;
using ChatDb.Storage.Fencing;
using ChatDb.Storage.Flatfile.Locking;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Metadata;
using Orleans.Providers;
using Orleans.Runtime;

namespace ChatDb.Storage.Flatfile.Hosting;

/// <summary>
/// Fences every activation of a <see cref="FencedEntityAttribute"/> grain in the data directory of the
/// "Default" flatfile provider (<see cref="EntityFences"/>): taken in the activation's lifecycle just before its
/// state is read, released after it deactivated (its last write done), and by the kernel if the silo dies.
/// </summary>
internal sealed class FlatfileEntityFencing(GrainClassMap classes, FlatfileProviderNames names, IServiceProvider services)
    : IConfigureGrainContextProvider
{
    /// <summary>Before <see cref="GrainLifecycleStage.SetupState"/>: nothing of the entity is read before its fence is held.</summary>
    public const int Stage = GrainLifecycleStage.SetupState - 1;

    public bool TryGetConfigurator(GrainType grainType, GrainProperties properties, out IConfigureGrainContext configurator)
    {
        if (names.Names.Contains(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)
            && classes.TryGetGrainClass(grainType, out var grainClass)
            && grainClass.GetCustomAttribute<FencedEntityAttribute>() is not null)
        {
            configurator = new Configurator(services);
            return true;
        }

        configurator = null!;
        return false;
    }

    private sealed class Configurator(IServiceProvider services) : IConfigureGrainContext
    {
        public void Configure(IGrainContext context)
        {
            var fence = new ActivationFence(context.GrainId.ToString(), services);
            context.ObservableLifecycle.Subscribe(nameof(FlatfileEntityFencing), Stage, fence.HoldAsync, fence.ReleaseAsync);
        }
    }

    private sealed class ActivationFence(string entity, IServiceProvider services)
    {
        private EntityFences? _held;

        public Task HoldAsync(CancellationToken cancellationToken)
        {
            var fences = services.GetRequiredKeyedService<FlatfileDataDirectory>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME).Lock.Fences;
            if (fences is null)
            {
                return Task.CompletedTask;
            }

            if (!fences.TryHold(entity))
            {
                throw new EntityConflictError(entity,
                    $"'{entity}' is active elsewhere: another activation (on another silo, or one of this silo still deactivating) holds its "
                    + $"fence in '{fences.FilePath}', and only one may write its files. Retry: the call goes to the surviving activation.");
            }

            _held = fences;
            return Task.CompletedTask;
        }

        public Task ReleaseAsync(CancellationToken cancellationToken)
        {
            Interlocked.Exchange(ref _held, null)?.Release(entity);
            return Task.CompletedTask;
        }
    }
}
