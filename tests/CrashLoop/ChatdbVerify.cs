using System.Diagnostics;

namespace ChatDb.CrashLoop;

/// <summary>
/// Runs the operator's own check, <c>dotnet chatdb.dll verify --data DIR</c>, as a child process on the
/// stopped silo's data directory; exit code 0 means the whole tree is clean by the same rules an operator sees.
/// </summary>
public static class ChatdbVerify
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <returns>Null when verify exited 0; otherwise the exit code and what it printed.</returns>
    public static async Task<string?> RunAsync(string chatdbPath, string dataDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { chatdbPath, "verify", "--data", dataDirectory })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start dotnet {chatdbPath}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return $"chatdb verify did not finish within {Timeout.TotalSeconds} s.";
        }

        var printed = (await output.ConfigureAwait(false)) + (await errors.ConfigureAwait(false));
        return process.ExitCode == 0 ? null : $"chatdb verify --data {dataDirectory} exited {process.ExitCode}:\n{printed}";
    }
}
