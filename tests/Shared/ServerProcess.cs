using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace ChatDb.Tests.Shared;

/// <summary>
/// A server a test starts as its own child process (not daemonized, so its id is known and it cannot outlive
/// the test run unnoticed): output kept for failure messages, stopped by id with SIGTERM (as often as the
/// server needs) and SIGKILL when it does not exit in time.
/// </summary>
public sealed partial class ServerProcess : IDisposable
{
    private const int SigTerm = 15;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly int _terms;

    private ServerProcess(Process process, string name, int terms)
    {
        _process = process;
        Name = name;
        _terms = terms;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="fileName"/>; <paramref name="terms"/> is how many SIGTERMs it takes to stop (Azurite: two).</summary>
    public static ServerProcess Start(string name, string fileName, IEnumerable<string> arguments, int terms = 1)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, name, terms);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"{name} cannot be started from '{fileName}' ({e.Message}); .ci/run installs it.", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Finds <paramref name="command"/> on PATH, or null.</summary>
    public static string? OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Join(directory, command))
            .FirstOrDefault(File.Exists);

    /// <summary>The repository's root: the first directory above the tests' binaries holding the solution.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Join(directory.FullName, "ChatDb.Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ChatDb.Orleans.sln above {AppContext.BaseDirectory}.");
    }

    public void Dispose()
    {
        try
        {
            for (var term = 0; term < _terms && !_process.HasExited; term++)
            {
                _ = Kill(_process.Id, SigTerm);
                if (_process.WaitForExit(term + 1 < _terms ? TimeSpan.FromMilliseconds(500) : StopTimeout))
                {
                    break;
                }
            }

            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
