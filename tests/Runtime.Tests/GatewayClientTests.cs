using ChatDb.Runtime.Client;
using ChatDb.Runtime.Gateway;
using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.TestingHost;
using ChatDb.Runtime.Tests.Grains;
using ChatDb.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatDb.Runtime.Tests;

/// <summary>Building and configuring clients outside the test cluster.</summary>
[Collection(GatewayClusterCollection.Name)]
public sealed class GatewayClientTests(GatewayClusterFixture fixture)
{
    private string Gateway => fixture.Cluster.Primary.GatewayEndPoint.ToString();

    [Fact]
    public async Task StandaloneClient_ConnectsAndCalls()
    {
        await using var client = new ClientBuilder().UseGateway(Gateway).Build();
        await client.Connect();

        Assert.True(client.IsConnected);
        Assert.Equal(fixture.Cluster.Primary.Name, client.SiloName);
        Assert.Equal(9, await client.GetGrain<IWireShapesGrain>(Probe.NewKey("standalone")).AddAsync(4, 5));
    }

    [Fact]
    public async Task HostedClient_ConnectsWhenTheHostStarts()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseChatDbClient(c => c.UseGateway(Gateway));
        using var host = builder.Build();
        await host.StartAsync();

        var client = host.Services.GetRequiredService<IClusterClient>();
        Assert.Equal(11, await client.GetGrain<IWireShapesGrain>(Probe.NewKey("hosted")).AddAsync(5, 6));
        Assert.Same(client, host.Services.GetRequiredService<IGrainFactory>());
        await host.StopAsync();
    }

    [Fact]
    public async Task RegisteredExceptionType_IsRebuiltWithItsOwnType()
    {
        await using var client = new ClientBuilder().UseGateway(Gateway).AddRemoteExceptionType(typeof(GrainFailureException)).Build();
        await client.Connect();

        var error = await Assert.ThrowsAsync<GrainFailureException>(
            () => client.GetGrain<IWireShapesGrain>(Probe.NewKey("registered")).FailAsync("custom", "known to the client"));

        Assert.Equal("known to the client", error.Message);
    }

    [Fact]
    public void ExceptionTypeWithoutMessageConstructor_IsRefusedAtRegistration()
    {
        var error = Assert.Throws<ArgumentException>(() => new ClientBuilder().AddRemoteExceptionType(typeof(NoMessageConstructorException)));

        Assert.Contains(nameof(NoMessageConstructorException), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetGrain_BeforeConnect_SaysToConnectFirst()
    {
        var client = new ClientBuilder().UseGateway(Gateway).Build();

        var error = Assert.Throws<InvalidOperationException>(() => client.GetGrain<IWireShapesGrain>("k"));

        Assert.Contains("Connect", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_ToNoListeningGateway_FailsWithSiloUnavailableNamingIt()
    {
        await using var client = new ClientBuilder().UseGateway("127.0.0.1:1").Configure(o => o.ConnectRetryCount = 0).Build();

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => client.Connect());

        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidClientOptions_FailAtBuild_NamingTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new ClientBuilder().Configure(o => o.ResponseTimeout = TimeSpan.Zero).Build());

        Assert.Contains("Runtime:Client:ResponseTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidGatewayOptions_FailTheSiloStart_NamingTheSetting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseChatDbSilo(silo => silo.AddGrains(typeof(GatewayClientTests).Assembly).UseGateway(o => o.ListenAddress = "not-an-address"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Runtime:Gateway:ListenAddress", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectingAuthenticator_RefusesTheClient()
    {
        await using var cluster = new TestClusterBuilder()
            .AddSiloBuilderConfigurator<GatewayTestSiloConfigurator>()
            .ConfigureSilo(s => s.UseGatewayAuthenticator<RejectEverybody>())
            .ConfigureClient(c => c.Configure(o => o.ClusterSecret = "wrong"))
            .Build();

        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => cluster.DeployAsync());

        Assert.Contains("secret wrong", error.Message, StringComparison.Ordinal);
    }

    public sealed class NoMessageConstructorException : Exception
    {
        public NoMessageConstructorException(int code)
            : base($"code {code}")
        {
        }

        public NoMessageConstructorException()
        {
        }

        public NoMessageConstructorException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }

    private sealed class RejectEverybody : IGatewayAuthenticator
    {
        public ValueTask<GatewayAuthenticationResult> AuthenticateAsync(GatewayHandshake handshake, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(GatewayAuthenticationResult.Reject($"secret {handshake.ClusterSecret} is not the cluster's"));
    }
}
