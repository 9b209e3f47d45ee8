using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using ChatDb.Tests.Shared;
using Npgsql;

namespace ChatDb.Benchmarks.Engines.Postgres;

/// <summary>
/// A PostgreSQL server of the benchmark's own: <c>initdb</c> into a temporary directory, <c>postgres</c> started as a
/// child process listening on 127.0.0.1 only (no unix socket) on a free port of an unusual range, trust authentication for the
/// <c>postgres</c> role. Postgres refuses to run as root, so when the benchmark runs as root both programs run as
/// the <c>postgres</c> system user (<c>runuser</c>) in a directory handed to that user. Stopped by the postmaster's
/// PID with SIGINT (fast shutdown) when disposed, when the process exits and on Ctrl-C; the directory is deleted.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private const int SigInt = 2;
    private const int SigQuit = 3;
    private const string SystemUser = "postgres";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output;
    private readonly Lock _stopping = new();
    private bool _stopped;

    private PostgresServer(Process process, string directory, StringBuilder output, int port)
    {
        _process = process;
        _directory = directory;
        _output = output;
        Port = port;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        Console.CancelKeyPress += OnCancelKeyPress;
    }

    public int Port { get; }

    /// <summary>The PostgreSQL version the server reports, for the report's machine line.</summary>
    public string Version { get; private set; } = string.Empty;

    /// <summary>
    /// A connection string to the <c>postgres</c> database: no pooling (each store owns its connection, as each
    /// SQLite store owns its file handle), the schema to work in and the commit durability of the connection.
    /// </summary>
    public string ConnectionString(string? schema = null, bool synchronousCommit = true)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SystemUser,
            Database = "postgres",
            Pooling = false,
            Options = "-c synchronous_commit=" + (synchronousCommit ? "on" : "off"),
            // Every scenario's statements are prepared once per store; the default (no automatic preparation) fits.
            CommandTimeout = 300,
        };
        if (schema is not null)
        {
            builder.SearchPath = schema;
        }

        return builder.ToString();
    }

    /// <summary>
    /// The directory with <c>initdb</c> and <c>postgres</c>: <c>initdb</c> found in PATH (symbolic links followed to
    /// the installation they point into), else the newest <c>/usr/lib/postgresql/*/bin</c> (Debian keeps it there,
    /// out of PATH). Null when PostgreSQL is not installed.
    /// </summary>
    public static string? FindBinDirectory()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = new FileInfo(Path.Combine(directory, "initdb"));
            if (!initdb.Exists)
            {
                continue;
            }

            var target = initdb.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb.FullName;
            var bin = Path.GetDirectoryName(target)!;
            if (File.Exists(Path.Combine(bin, "postgres")))
            {
                return bin;
            }
        }

        const string debian = "/usr/lib/postgresql";
        return Directory.Exists(debian)
            ? Directory.EnumerateDirectories(debian)
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "postgres")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
    }

    /// <summary>Initialises and starts a server; throws with the programs' output when either fails.</summary>
    public static async Task<PostgresServer> StartAsync(string bin, CancellationToken cancellationToken)
    {
        var asRoot = Environment.IsPrivilegedProcess;
        var directory = Directory.CreateTempSubdirectory("chatdb-bench-pg-").FullName;
        try
        {
            if (asRoot)
            {
                // The temporary directory becomes the postgres user's; the data directory inside is made by initdb.
                await RunAsync("chown", [SystemUser + ":", directory], directory, cancellationToken);
            }

            var data = Path.Combine(directory, "data");
            // --no-sync: the catalog files of a throwaway cluster need no fsync; every commit's WAL flush is unaffected.
            await RunAsync(Path.Combine(bin, "initdb"),
                ["-D", data, "-U", SystemUser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"], directory, cancellationToken, asRoot);

            // A free port of an unusual range (20000-29999), away from the kernel's ephemeral ports and 5432.
            var port = LoopbackPorts.Next();
            var output = new StringBuilder();
            var process = Launch(Path.Combine(bin, "postgres"),
            [
                "-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=",
                // 100 writers of the append scenarios, each on a connection of its own, plus the administration's.
                "-c", "max_connections=250",
                // The defaults, stated: every commit's WAL is flushed with fdatasync unless a connection turns
                // synchronous_commit off (the buffered scenarios).
                "-c", "fsync=on",
                "-c", "synchronous_commit=on",
                "-c", "full_page_writes=on",
            ], directory, asRoot, output);
            var server = new PostgresServer(process, directory, output, port);
            try
            {
                await server.WaitUntilReadyAsync(cancellationToken);
                return server;
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
        catch
        {
            DeleteDirectory(directory);
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Console.CancelKeyPress -= OnCancelKeyPress;
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"postgres exited with code {_process.ExitCode}: {Tail()}");
            }

            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString());
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SHOW server_version", connection);
                Version = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
                return;
            }
            catch (NpgsqlException) when (watch.Elapsed < StartTimeout)
            {
                // Not accepting connections yet (or still recovering); try again shortly.
                await Task.Delay(100, cancellationToken);
            }
            catch (NpgsqlException e)
            {
                throw new InvalidOperationException($"postgres did not accept connections within {StartTimeout.TotalSeconds:F0} s ({e.Message}): {Tail()}", e);
            }
        }
    }

    /// <summary>Fast shutdown by the postmaster's PID, immediate shutdown when that takes too long; then the directory goes.</summary>
    private void Stop()
    {
        lock (_stopping)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
        }

        if (!_process.HasExited)
        {
            // Through runuser the child is runuser itself; the postmaster's own PID is the first line of postmaster.pid.
            var pid = PostmasterPid() ?? _process.Id;
            _ = Kill(pid, SigInt);
            if (!_process.WaitForExit(StopTimeout))
            {
                _ = Kill(pid, SigQuit);
                _process.WaitForExit(StopTimeout);
            }
        }

        DeleteDirectory(_directory);
    }

    private int? PostmasterPid()
    {
        try
        {
            var first = File.ReadLines(Path.Combine(_directory, "data", "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Stop();

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e) => Stop();

    private string Tail()
    {
        lock (_output)
        {
            var lines = _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join(" | ", lines.TakeLast(5));
        }
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken, bool asPostgresUser = false)
    {
        var output = new StringBuilder();
        using var process = Launch(program, arguments, workingDirectory, asPostgresUser, output);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            lock (output)
            {
                throw new InvalidOperationException($"{Path.GetFileName(program)} exited with code {process.ExitCode}: {output.ToString().Trim()}");
            }
        }
    }

    private static Process Launch(string program, IReadOnlyList<string> arguments, string workingDirectory, bool asPostgresUser, StringBuilder output)
    {
        var start = new ProcessStartInfo(asPostgresUser ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The postgres user may not be allowed into the benchmark's working directory.
            WorkingDirectory = workingDirectory,
        };
        if (asPostgresUser)
        {
            foreach (var argument in new[] { "-u", SystemUser, "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        void Append(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void DeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
