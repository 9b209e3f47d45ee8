using ChatDb.Client;

namespace ChatDb.CrashLoop;

/// <summary>
/// The kill loop: start the silo, create a user and its sessions, let writers add messages, SIGKILL the
/// silo at a random moment, restart it, reconnect, repeat; then restart once more, read everything back
/// against the acknowledgements, stop the silo cleanly and check every file of the data directory.
/// </summary>
public static class CrashLoopRunner
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ProgressTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ProgressPoll = TimeSpan.FromMilliseconds(5);

    public static async Task<CrashLoopResult> RunAsync(CrashLoopOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var started = TimeProvider.System.GetTimestamp();
        var random = new Random(options.Seed);
        var ledger = new AckLedger();
        var failures = new CrashLoopFailures();
        Directory.CreateDirectory(options.DataDirectory);
        const string UserId = "crashloop-user";
        var clusterId = "crashloop-" + Guid.NewGuid().ToString("N")[..12];
        var kills = 0;
        var repairs = 0;
        var restarting = TimeSpan.Zero;
        var resuming = TimeSpan.Zero;
        long verified = 0;
        var files = 0;
        List<SessionWriter> writers = [];

        await using var connection = new SiloConnection();
        var silo = await StartAsync(options, clusterId, connection, cancellationToken).ConfigureAwait(false);
        try
        {
            var sessions = await CreateSessionsAsync(connection, UserId, options.Sessions).ConfigureAwait(false);
            sessions.ForEach(s => ledger.AddSession(s.SessionId));
            writers = [.. Enumerable.Range(0, options.Writers).Select(w => new SessionWriter(
                UserId, [.. sessions.Where(s => s.Index % options.Writers == w)], connection, ledger, failures))
                .Where((_, w) => w < options.Sessions)];

            using var stop = new CancellationTokenSource();
            using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var running = writers.Select(w => Task.Run(() => w.RunAsync(stop.Token, abort.Token), CancellationToken.None)).ToList();
            try
            {
                for (kills = 0; kills < options.Kills;)
                {
                    // Kill only once writes flow again, so every kill lands among adds in flight, not in a start-up.
                    var resumeStarted = TimeProvider.System.GetTimestamp();
                    if (!await WaitForProgressAsync(ledger, ledger.Count, cancellationToken).ConfigureAwait(false))
                    {
                        failures.Add($"no add was acknowledged within {ProgressTimeout.TotalSeconds} s after start {kills + 1} of the silo. Output:\n{silo.RecentOutput}");
                        break;
                    }

                    resuming += TimeProvider.System.GetElapsedTime(resumeStarted);
                    var span = (int)(options.MaxKillDelay - options.MinKillDelay).TotalMilliseconds;
                    await Task.Delay(options.MinKillDelay + TimeSpan.FromMilliseconds(random.Next(span + 1)), cancellationToken).ConfigureAwait(false);
                    await silo.KillAsync(cancellationToken).ConfigureAwait(false);
                    silo.Dispose();
                    kills++;
                    var afterKill = await DataDirectoryCheck.RunAsync(options.DataDirectory, afterCleanStop: false, cancellationToken).ConfigureAwait(false);
                    repairs += afterKill.Repairs;
                    afterKill.Problems.ToList().ForEach(p => failures.Add($"after kill {kills}: {p}"));
                    var restartStarted = TimeProvider.System.GetTimestamp();
                    silo = await StartAsync(options, clusterId, connection, cancellationToken).ConfigureAwait(false);
                    restarting += TimeProvider.System.GetElapsedTime(restartStarted);
                    if (kills % 10 == 0)
                    {
                        await log.WriteLineAsync(
                            $"kill {kills}/{options.Kills}: {ledger.Count} acknowledged, {writers.Sum(w => w.Retries)} retries, {failures.Count} violations; " +
                            $"mean restart to connected {restarting.TotalMilliseconds / kills:F0} ms, mean connected to first acknowledgement {resuming.TotalMilliseconds / kills:F0} ms").ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                // Writers finish the add they are retrying, so every add ends acknowledged.
                await stop.CancelAsync().ConfigureAwait(false);
                var finished = Task.WhenAll(running);
                if (await Task.WhenAny(finished, Task.Delay(StopTimeout, cancellationToken)).ConfigureAwait(false) != finished)
                {
                    failures.Add($"writers did not finish their last adds within {StopTimeout.TotalSeconds} s of the last restart.");
                    await abort.CancelAsync().ConfigureAwait(false);
                }

                await finished.ConfigureAwait(false);
            }

            // A fresh start after the last writes, so reading also exercises recovery of every session.
            await silo.KillAsync(cancellationToken).ConfigureAwait(false);
            silo.Dispose();
            silo = await StartAsync(options, clusterId, connection, cancellationToken).ConfigureAwait(false);
            verified = await SessionVerifier.VerifyAsync(connection, UserId, ledger, failures, cancellationToken).ConfigureAwait(false);
            var exitCode = await silo.StopAsync(StopTimeout, cancellationToken).ConfigureAwait(false);
            if (exitCode != 0)
            {
                failures.Add($"the silo exited with code {exitCode} after SIGTERM. Output:\n{silo.RecentOutput}");
            }

            var final = await DataDirectoryCheck.RunAsync(options.DataDirectory, afterCleanStop: true, cancellationToken).ConfigureAwait(false);
            files = final.Files;
            final.Problems.ToList().ForEach(p => failures.Add($"after the clean stop: {p}"));
            if (options.ChatdbPath is not null &&
                await ChatdbVerify.RunAsync(options.ChatdbPath, options.DataDirectory, cancellationToken).ConfigureAwait(false) is { } verifyFailure)
            {
                failures.Add(verifyFailure);
            }
        }
        finally
        {
            silo.Dispose();
        }

        return new CrashLoopResult(kills, options.Kills, ledger.Count, verified, writers.Sum(w => w.Retries), repairs, files,
            TimeProvider.System.GetElapsedTime(started), failures.Messages, failures.Count);
    }

    private static async Task<bool> WaitForProgressAsync(AckLedger ledger, long before, CancellationToken cancellationToken)
    {
        var since = TimeProvider.System.GetTimestamp();
        while (ledger.Count <= before)
        {
            if (TimeProvider.System.GetElapsedTime(since) > ProgressTimeout)
            {
                return false;
            }

            await Task.Delay(ProgressPoll, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private static async Task<SiloChild> StartAsync(CrashLoopOptions options, string clusterId, SiloConnection connection, CancellationToken cancellationToken)
    {
        var silo = SiloChild.Start(options.SiloPath, options.DataDirectory, clusterId);
        try
        {
            await silo.WaitForReadyAsync(options.StartTimeout, cancellationToken).ConfigureAwait(false);
            await connection.ConnectAsync(silo, cancellationToken).ConfigureAwait(false);
            return silo;
        }
        catch
        {
            silo.Dispose();
            throw;
        }
    }

    private static async Task<List<(int Index, string SessionId)>> CreateSessionsAsync(SiloConnection connection, string userId, int count)
    {
        var chat = new ChatDbClient(connection.Current.Client);
        var sessions = new List<(int, string)>(count);
        for (var i = 0; i < count; i++)
        {
            var session = await chat.CreateSessionAsync(userId, $"crash loop session {i}").ConfigureAwait(false);
            sessions.Add((i, session.Id));
        }

        return sessions;
    }
}
