using System.Globalization;

namespace ChatDb.Tests.Shared;

/// <summary>
/// A throw-away Azurite (the Azure Storage emulator from npm, which .ci/run installs into <c>.tools/azurite</c>)
/// with its blob, queue and table services on 127.0.0.1 and ports of their own, its files in a temporary
/// directory; stopped by id on dispose (it takes two SIGTERMs) and its files deleted.
/// </summary>
public sealed class AzuriteServer : IDisposable
{
    /// <summary>Azurite's well-known development account and key (public, the same in every Azurite).</summary>
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ServerProcess _process;
    private readonly string _location;

    private AzuriteServer(ServerProcess process, string location, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _location = location;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>What <c>Cluster:ConnectionString</c> says for it: <c>UseDevelopmentStorage=true</c> with these ports.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};"
        + $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{Account};QueueEndpoint=http://127.0.0.1:{QueuePort}/{Account};"
        + $"TableEndpoint=http://127.0.0.1:{TablePort}/{Account};";

    /// <summary>The azurite command: <c>.tools/azurite</c> under the repository, else on PATH.</summary>
    public static string Executable()
    {
        var local = Path.Join(ServerProcess.RepositoryRoot(), ".tools", "azurite", "node_modules", ".bin", "azurite");
        return File.Exists(local) ? local : ServerProcess.OnPath("azurite") ?? local;
    }

    public static async Task<AzuriteServer> StartAsync()
    {
        var location = Path.Join(Path.GetTempPath(), "chatdb-azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(location);
        int[] ports = [LoopbackPorts.Next(), LoopbackPorts.Next(), LoopbackPorts.Next()];
        var text = ports.Select(port => port.ToString(CultureInfo.InvariantCulture)).ToArray();
        var process = ServerProcess.Start("azurite", Executable(),
        [
            "--location", location, "--silent", "--skipApiVersionCheck", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", text[0],
            "--queueHost", "127.0.0.1", "--queuePort", text[1],
            "--tableHost", "127.0.0.1", "--tablePort", text[2],
        ], terms: 2);
        var server = new AzuriteServer(process, location, ports[0], ports[1], ports[2]);
        try
        {
            foreach (var port in ports)
            {
                await LoopbackPorts.WaitForListenerAsync(port, StartTimeout, () => process.HasExited, () => $"azurite (pid {process.Id}): {process.Output}");
            }

            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            _process.Dispose();
        }
        finally
        {
            if (Directory.Exists(_location))
            {
                Directory.Delete(_location, recursive: true);
            }
        }
    }
}
