using ChatDb.Grains.Serialization;
using ChatDb.Storage.Hosting;
using Orleans.Serialization;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace ChatDb.Storage.Flatfile.Tests.Hosting;

/// <summary>
/// One in-process Orleans silo with the flatfile providers as the defaults, its data directory set through
/// the <c>Storage</c> configuration section as a deployment sets it.
/// </summary>
public static class FlatfileSilo
{
    /// <summary>Builds (not starts) a one-silo cluster over <paramref name="dataPath"/>, with extra <c>Storage</c> settings.</summary>
    public static InProcessTestCluster Build(string dataPath, params (string Key, string Value)[] settings) =>
        Build(dataPath, _ => { }, settings);

    /// <summary>As the other <c>Build</c>, with more registrations on the silo.</summary>
    public static InProcessTestCluster Build(string dataPath, Action<ISiloBuilder> configureSilo, params (string Key, string Value)[] settings)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        // The chat models this project references (Grains.Interfaces) make Orleans check their grain interfaces'
        // wire types, whose JSON payloads only ChatDb's serializer carries.
        builder.ConfigureHost(host => host.Services.AddSerializer(serializer => serializer.AddChatDbSerializer()));
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration["Storage:StorageBasePath"] = dataPath;
            foreach (var (key, value) in settings)
            {
                host.Configuration["Storage:" + key] = value;
            }
        });
        builder.ConfigureSilo((_, silo) => configureSilo(silo.AddFlatfileGrainStorageAsDefault()));
        return builder.Build();
    }

    /// <summary>Starts a one-silo cluster over <paramref name="dataPath"/>.</summary>
    public static async Task<InProcessTestCluster> StartAsync(string dataPath)
    {
        var cluster = Build(dataPath);
        await Within(cluster.DeployAsync(), $"a silo over '{dataPath}' to start");
        return cluster;
    }

    /// <summary>Awaits <paramref name="task"/>, failing with a message that names <paramref name="what"/> if it hangs.</summary>
    public static async Task Within(Task task, string what)
    {
        try
        {
            await task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Timed out after 60 s waiting for {what}.", e);
        }
    }

    /// <summary><paramref name="error"/> and every exception inside it, outermost first.</summary>
    public static IEnumerable<Exception> Chain(Exception error)
    {
        yield return error;
        var inner = error is AggregateException aggregate ? aggregate.InnerExceptions : (IEnumerable<Exception>)(error.InnerException is { } one ? [one] : []);
        foreach (var exception in inner.SelectMany(Chain))
        {
            yield return exception;
        }
    }
}
