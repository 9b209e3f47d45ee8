using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using ChatDb.Tests.Shared;

namespace ChatDb.CrashLoop;

/// <summary>
/// The silo executable as a child process (<c>dotnet ChatDb.Silo.dll --data DIR --silo-port P --gateway-port G
/// --cluster-id C --service-id C --http URL</c>) on fresh free ports, so a restart never waits for a port the killed
/// silo left in TIME_WAIT, and with the loop's own cluster id, so its client never reaches another silo on the
/// machine (Orleans' listeners set <c>ReuseAddress</c>).
/// </summary>
public sealed partial class SiloChild : IDisposable
{
    public const string ReadyText = "ChatDb silo ready";
    private const int KeptLines = 200;
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _disposed;

    private SiloChild(Process process, int gatewayPort, string clusterId)
    {
        _process = process;
        GatewayPort = gatewayPort;
        ClusterId = clusterId;
    }

    public int GatewayPort { get; }

    /// <summary>The silo's cluster id, also its service id.</summary>
    public string ClusterId { get; }

    public string Gateway => $"127.0.0.1:{GatewayPort.ToString(CultureInfo.InvariantCulture)}";

    public int Id => _process.Id;

    /// <summary>The last lines the process wrote (stdout and stderr), for failure messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public static SiloChild Start(string siloPath, string dataDirectory, string clusterId)
    {
        var siloPort = LoopbackPorts.Next();
        var gatewayPort = LoopbackPorts.Next();
        var httpPort = LoopbackPorts.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(siloPath) ?? Environment.CurrentDirectory,
        };
        foreach (var arg in new[]
        {
            siloPath, "--data", dataDirectory,
            "--silo-port", siloPort.ToString(CultureInfo.InvariantCulture),
            "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture),
            "--cluster-id", clusterId,
            "--service-id", clusterId,
            "--http", $"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}",
        })
        {
            start.ArgumentList.Add(arg);
        }

        // Quiet console logging: the loop reads only the ready line, and a chatty child slows every restart.
        start.Environment["CHATDB_LOGGING__LOGLEVEL__DEFAULT"] = "Warning";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new SiloChild(process, gatewayPort, clusterId);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the ready line; the timeout or early exit names what was awaited and shows the output.</summary>
    public async Task WaitForReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var exited = _process.WaitForExitAsync(cancellationToken);
        var winner = await Task.WhenAny(_ready.Task, exited, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
        if (winner == _ready.Task)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var why = winner == exited ? $"it exited with code {_process.ExitCode}" : $"timed out after {timeout.TotalSeconds} s";
        throw new TimeoutException($"Waiting for the line '{ReadyText}' from the silo (pid {Id}, gateway {Gateway}): {why}. Output:\n{RecentOutput}");
    }

    /// <summary>SIGKILL (what <see cref="Process.Kill()"/> sends on Linux), then waits until the process is gone and its lock released.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>SIGTERM, as an operator stops it; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!_process.HasExited && Kill(Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill -TERM {Id} failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Waiting {timeout.TotalSeconds} s for the silo (pid {Id}) to exit after SIGTERM. Output:\n{RecentOutput}", e);
        }

        return _process.ExitCode;
    }

    /// <summary>
    /// Kills the process if it still runs. Idempotent: the runner disposes a killed child before starting the
    /// next, and again on its way out when that start failed, which must not hide the start's own exception.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Enqueue(line);
            if (_lines.Count > KeptLines)
            {
                _lines.Dequeue();
            }
        }

        if (line.Contains(ReadyText, StringComparison.Ordinal))
        {
            _ready.TrySetResult(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
