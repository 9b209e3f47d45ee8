using System.Reflection;
using ChatDb.Storage.Fencing;
using ChatDb.Storage.Flatfile.Locking;
using ChatDb.Storage.Flatfile.Providers;
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
            var fence = new ActivationFence(context, services);
            context.ObservableLifecycle.Subscribe(nameof(FlatfileEntityFencing), Stage, fence.HoldAsync, fence.ReleaseAsync);
        }
    }

    /// <summary>
    /// The fence of one activation. Released by the lifecycle's stop, or else when the activation is gone
    /// (<see cref="IGrainContext.Deactivated"/>, which also completes when a later activation step failed),
    /// whichever comes first: a leaked fence would keep its entity from ever activating again.
    /// </summary>
    private sealed class ActivationFence(IGrainContext context, IServiceProvider services)
    {
        private readonly string _entity = context.GrainId.ToString();
        private EntityFences? _held;

        public async Task HoldAsync(CancellationToken cancellationToken)
        {
            var fences = services.GetRequiredKeyedService<FlatfileDataDirectory>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME).Lock.Fences;
            if (fences is null)
            {
                return;
            }

            if (!fences.TryHold(_entity))
            {
                throw new EntityConflictError(_entity,
                    $"'{_entity}' is active elsewhere: another activation (on another silo, or one of this silo still deactivating) holds its "
                    + $"fence in '{fences.FilePath}', and only one may write its files. Retry: the call goes to the surviving activation.");
            }

            _held = fences;
            _ = context.Deactivated.ContinueWith(
                static (_, fence) => ((ActivationFence)fence!).ReleaseAsync(CancellationToken.None), this, CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            // Logs this silo kept open from an earlier activation would count, read and append at their old end, while
            // another silo may have appended since. They were closed when that activation ended; this covers one whose
            // close had not finished, or a log opened for the entity outside an activation.
            await CloseLogsAsync().ConfigureAwait(false);
        }

        /// <summary>
        /// Closes the entity's open logs, then gives its fence back: the next holder, on this silo or another, opens
        /// them afresh at their true end, and no file is left open for writing by two log instances.
        /// </summary>
        public async Task ReleaseAsync(CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref _held) is null)
            {
                return;
            }

            try
            {
                await CloseLogsAsync().ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Exchange(ref _held, null)?.Release(_entity);
            }
        }

        private Task CloseLogsAsync() =>
            services.GetRequiredKeyedService<FlatfileOpenLogs>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME).CloseLogsOfAsync(context.GrainId);
    }
}
