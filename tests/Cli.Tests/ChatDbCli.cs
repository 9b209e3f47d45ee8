using System.CommandLine;
using System.Net;
using System.Net.Sockets;

namespace ChatDb.Cli.Tests;

/// <summary>Runs <c>chatdb</c> in this process, as its <c>Main</c> would, capturing what it printed.</summary>
public static class ChatDbCli
{
    /// <summary>Runs <c>chatdb args...</c> (no door: the command talks to nobody, or to the default silo).</summary>
    public static Task<CliRun> InvokeAsync(params string[] args) => InvokeAsync(args, []);

    /// <summary>Runs <c>chatdb args... door...</c>; the result names the command without the door.</summary>
    public static async Task<CliRun> InvokeAsync(string[] args, string[] door)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        var exitCode = await CliRoot.Create().Parse([.. args, .. door]).InvokeAsync(configuration);
        return new CliRun(exitCode, output.ToString(), error.ToString(), string.Join(' ', args));
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
