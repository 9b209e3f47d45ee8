using ChatDb.Runtime.Client;
using ChatDb.Runtime.Hosting;

namespace ChatDb.Runtime.TestingHost;

/// <summary>Builds an in-process <see cref="TestCluster"/> (Orleans' TestingHost shape).</summary>
public sealed class TestClusterBuilder
{
    private readonly List<Action<ISiloBuilder>> _configurators = [];
    private readonly List<Action<IClientBuilder>> _clientConfigurators = [];
    private readonly short _initialSilos;

    public TestClusterBuilder(short initialSilos = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialSilos, (short)1);
        _initialSilos = initialSilos;
    }

    /// <summary>Adds a configurator every silo runs; it is created with its parameterless constructor.</summary>
    public TestClusterBuilder AddSiloBuilderConfigurator<TConfigurator>()
        where TConfigurator : ISiloConfigurator, new()
    {
        _configurators.Add(silo => new TConfigurator().Configure(silo));
        return this;
    }

    /// <summary>In-process only: configures every silo with a delegate (e.g. one that captures a fake clock).</summary>
    public TestClusterBuilder ConfigureSilo(Action<ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _configurators.Add(configure);
        return this;
    }

    /// <summary>Configures the cluster's gateway client (e.g. a fake clock, serializer contexts, exception types).</summary>
    public TestClusterBuilder ConfigureClient(Action<IClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _clientConfigurators.Add(configure);
        return this;
    }

    public TestCluster Build() => new(_initialSilos, [.. _configurators], [.. _clientConfigurators]);
}
