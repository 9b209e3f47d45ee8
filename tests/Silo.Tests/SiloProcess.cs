using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using ChatDb.Tests.Shared;

namespace ChatDb.Silo.Tests;

/// <summary>
/// The real silo executable (<c>dotnet ChatDb.Silo.dll</c>, built next to this assembly) as a child process
/// on a given data directory, free ports and a cluster id of its own (Orleans' listeners set <c>ReuseAddress</c>:
/// two silos on one port could share it silently, and a silo of another test must never be reached), with its
/// output captured line by line.
/// </summary>
public sealed partial class SiloProcess : IDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];

    private SiloProcess(Process process, int httpPort, int gatewayPort, string clusterId)
    {
        _process = process;
        HttpPort = httpPort;
        GatewayPort = gatewayPort;
        ClusterId = clusterId;
    }

    public int HttpPort { get; }

    /// <summary>The loopback port of the silo's Orleans gateway.</summary>
    public int GatewayPort { get; }

    /// <summary>The silo's cluster id, also its service id.</summary>
    public string ClusterId { get; }

    public Uri HttpAddress => new($"http://127.0.0.1:{HttpPort}");

    public int Id => _process.Id;

    /// <summary>Everything the process wrote so far, stdout and stderr interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>Starts the silo on free loopback ports; <paramref name="arguments"/> come after the defaults, and a later switch overrides an earlier one.</summary>
    public static SiloProcess Start(string workingDirectory, string dataDirectory, IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? arguments = null)
    {
        var httpPort = LoopbackPorts.Next();
        var gatewayPort = LoopbackPorts.Next();
        var clusterId = "silo-tests-" + Guid.NewGuid().ToString("N");
        var dll = Path.Join(AppContext.BaseDirectory, "ChatDb.Silo.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            dll, "--data", dataDirectory, "--http", $"http://127.0.0.1:{httpPort}",
            "--silo-port", LoopbackPorts.Next().ToString(CultureInfo.InvariantCulture), "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture),
            "--cluster-id", clusterId, "--service-id", clusterId,
        })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var arg in arguments ?? [])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(process, httpPort, gatewayPort, clusterId);
        process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits for a line containing <paramref name="text"/>; the timeout message names it and shows the output.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        TaskCompletionSource<string> seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var found = _lines.FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal));
            if (found is not null)
            {
                return found;
            }

            _waiters.Add((line => line.Contains(text, StringComparison.Ordinal), seen));
        }

        var exited = _process.WaitForExitAsync();
        var winner = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout));
        if (winner == seen.Task)
        {
            return await seen.Task;
        }

        var why = winner == exited ? $"the silo (pid {Id}) exited with code {_process.ExitCode}" : $"timed out after {timeout.TotalSeconds} s";
        throw new TimeoutException($"Waiting for a line containing '{text}' from the silo on port {HttpPort}: {why}. Output:\n{Output}");
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, string what)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException e)
        {
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting for the silo (pid {Id}) to exit {what}. Output:\n{Output}", e);
        }

        // The parameterless wait also drains the redirected output.
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as systemd does on stop (Process.Kill would send SIGKILL).</summary>
    public void Terminate()
    {
        if (Kill(Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill -TERM {Id} failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>kill -9: the process gets no chance to release anything; the kernel drops its locks.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
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

        List<TaskCompletionSource<string>> matched = [];
        lock (_gate)
        {
            _lines.Add(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    matched.Add(_waiters[i].Seen);
                    _waiters.RemoveAt(i);
                }
            }
        }

        matched.ForEach(seen => seen.TrySetResult(line));
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
