using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.TestingHost;
using ChatDb.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Runtime.Tests.Infrastructure;

/// <summary>Silo configuration for gateway tests: this assembly's grains and their services.</summary>
public sealed class GatewayTestSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.AddGrains(typeof(GatewayTestSiloConfigurator).Assembly);
        siloBuilder.Services.AddSingleton<Greeter>();
    }
}

/// <summary>One test cluster shared by the gateway tests that neither stop nor kill silos.</summary>
public sealed class GatewayClusterFixture : IAsyncLifetime
{
    public const string Client = "client";

    public const string Silo = "silo";

    public TestCluster Cluster { get; } = new TestClusterBuilder().AddSiloBuilderConfigurator<GatewayTestSiloConfigurator>().Build();

    /// <summary>Both ways to reach grains, for tests that must behave the same through either.</summary>
    public static TheoryData<string> Sides => [Client, Silo];

    /// <summary>The gateway client or the primary silo's in-process factory.</summary>
    public IGrainFactory Factory(string side) => side == Client ? Cluster.Client : Cluster.Primary.GrainFactory;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public Task DisposeAsync() => Cluster.DisposeAsync().AsTask();
}

[CollectionDefinition(Name)]
public sealed class GatewayClusterCollection : ICollectionFixture<GatewayClusterFixture>
{
    public const string Name = "gateway cluster";
}
