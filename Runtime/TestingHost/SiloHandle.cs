using System.Net;
using ChatDb.Runtime.Gateway;
using ChatDb.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatDb.Runtime.TestingHost;

/// <summary>One silo of a <see cref="TestCluster"/>, running in its own host.</summary>
public sealed class SiloHandle
{
    internal SiloHandle(string name, IHost host)
    {
        Name = name;
        Host = host;
    }

    public string Name { get; }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    /// <summary>False once the silo was stopped or killed.</summary>
    public bool IsActive { get; internal set; } = true;

    /// <summary>Where this silo's gateway listens (a free loopback port, kept across restarts).</summary>
    public IPEndPoint GatewayEndPoint => Services.GetRequiredService<GatewayListener>().LocalEndPoint
        ?? throw new InvalidOperationException($"The gateway of silo {Name} is not listening.");

    /// <summary>The silo's own factory (bypasses the cluster client).</summary>
    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    /// <summary>Live activations in this silo.</summary>
    public int ActivationCount => Services.GetRequiredService<Catalog>().Count;

    internal void Kill() => Services.GetRequiredService<SiloControl>().Kill(Name);

    public override string ToString() => Name;
}
