using System.Diagnostics;
using System.Globalization;
using ChatDb.Client;
using ChatDb.Cluster.Tests.Infrastructure;
using ChatDb.CrashLoop;
using ChatDb.Grains.Cluster;
using ChatDb.Grains.Models;
using ChatDb.Silo.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace ChatDb.Cluster.Tests.Failover;

/// <summary>
/// The failover and rolling-restart proofs (docs/CLUSTER.md, "Failover", "Rolling restart"): three silo processes of
/// one cluster on Redis membership (or Azure tables in Azurite, <paramref name="membership"/>) and one shared data
/// directory; writers through REST on every silo and through an Orleans client that finds the gateways through the
/// same membership provider; then, each round, one silo stopped — killed with SIGKILL
/// (<see cref="SiloStop.Kill"/>), or sent SIGTERM and waited for until it has exited (<see cref="SiloStop.Terminate"/>)
/// — the time until every writer is acknowledged again measured, and the silo started again until <c>/health</c> says
/// ready. Afterwards every acknowledged message must be stored exactly once and in order, and <c>chatdb verify</c>
/// must pass on the directory once the silos are stopped.
/// </summary>
internal sealed class FailoverHarness(TextWriter log, SiloStop stopKind = SiloStop.Kill, ClusterMembership membership = ClusterMembership.Redis)
{
    public const int Silos = 3;
    public const int RestWritersPerSilo = 2;
    public const int OrleansWriters = 2;
    public const string UserId = "failover";

    /// <summary>Longest a writer may stay unacknowledged after a kill before the round counts as lost.</summary>
    public static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(60);

    /// <summary>Longest a silo may take to exit after SIGTERM (Orleans deactivates its grains and leaves the table first).</summary>
    public static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(60);

    // A rolling restart replaces every silo in turn, so its rounds are shorter: the writers keep going throughout.
    private readonly TimeSpan _writeBeforeStop = stopKind == SiloStop.Kill ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(1.5);
    private readonly TimeSpan _writeAfterRestart = stopKind == SiloStop.Kill ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(1);

    private readonly string _root = Path.Join(Path.GetTempPath(), "chatdb-" + (stopKind == SiloStop.Kill ? "failover-" : "rolling-") + Guid.NewGuid().ToString("N"));
    private readonly string _clusterId = "failover-" + Guid.NewGuid().ToString("N")[..12];
    private readonly SiloProcess?[] _silos = new SiloProcess?[Silos];
    private readonly CrashLoopFailures _failures = new();
    private readonly AckLedger _ledger = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private string Data => Path.Join(_root, "data");

    public async Task<FailoverResult> RunAsync(int rounds, string chatdbPath)
    {
        Directory.CreateDirectory(Data);
        using var server = await MembershipServer.StartAsync(membership);
        try
        {
            return await RunAsync(rounds, server, chatdbPath);
        }
        finally
        {
            foreach (var silo in _silos)
            {
                silo?.Dispose();
            }

            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // A silo's last file may still be closing; the temp directory is cleaned by the system.
            }
        }
    }

    private async Task<FailoverResult> RunAsync(int rounds, MembershipServer server, string chatdbPath)
    {
        await Task.WhenAll(Enumerable.Range(0, Silos).Select(slot => StartSiloAsync(slot, server)));
        using var client = await ConnectAsync(server);
        var doors = new FailoverDoors(new ChatDbClient(client.Services.GetRequiredService<IClusterClient>()));
        for (var slot = 0; slot < Silos; slot++)
        {
            doors.Open(slot, _silos[slot]!.HttpAddress);
        }

        var writers = await CreateWritersAsync(doors);
        using var stop = new CancellationTokenSource();
        var running = writers.Select(w => Task.Run(() => w.RunAsync(_clock, stop.Token))).ToList();

        // Live events, followed on the silo killed last (slot 2 survives the first two rounds).
        using var events = new FailoverEventWatch(_silos[Silos - 1]!.HttpAddress, UserId, writers.Select(w => w.SessionId), _clock);
        var watching = events.StartAsync();

        var recoveries = new List<double>();
        var stops = new List<double>();
        var restarts = new List<double>();
        var eventsAfterKill = true;
        var stopped = stopKind == SiloStop.Kill ? "killed" : "stopped (SIGTERM)";
        for (var round = 0; round < rounds && _failures.Count == 0; round++)
        {
            await Task.Delay(_writeBeforeStop);
            var slot = round % Silos;

            // As a load balancer does when /health stops saying ready: no new REST calls go to the silo.
            doors.Close(slot);
            if (slot == Silos - 1)
            {
                // The event watch was on this silo and has done its part (rounds 1 and 2); it would only count failed reconnects.
                events.Dispose();
                LogFailures(slot);
            }

            var killedAt = _clock.Elapsed;
            if (await StopSiloAsync(slot) is { } stopSeconds)
            {
                stops.Add(stopSeconds);
            }

            var recovered = await WaitForEveryWriterAsync(writers, killedAt);
            if (recovered is null)
            {
                _failures.Add($"round {round + 1}: not every writer was acknowledged within {RecoveryLimit.TotalSeconds} s of the {stopped} slot {slot}.");
                break;
            }

            recoveries.Add(recovered.Value.TotalSeconds);
            log.WriteLine(string.Join(", ", writers.Select(w => string.Create(CultureInfo.InvariantCulture,
                $"{w.Name} {(w.FirstAckAfter(killedAt)!.Value - killedAt).TotalSeconds:F2} s"))));
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: {stopped} slot {slot}; every writer acknowledged again after {recovered.Value.TotalSeconds:F2} s"));

            // The event watch sits on a surviving silo through the first two rounds: each session must keep delivering.
            if (slot != Silos - 1 && round < 2)
            {
                var waitUntil = _clock.Elapsed + TimeSpan.FromSeconds(15);
                while (!writers.All(w => events.ReceivedAfter(w.SessionId, killedAt + recovered.Value)) && _clock.Elapsed < waitUntil)
                {
                    await Task.Delay(100);
                }

                eventsAfterKill &= writers.All(w => events.ReceivedAfter(w.SessionId, killedAt + recovered.Value));
                foreach (var writer in writers.Where(w => !events.ReceivedAfter(w.SessionId, killedAt + recovered.Value)))
                {
                    log.WriteLine($"round {round + 1}: no event of writer {writer.Name}'s session after the writers recovered");
                }

                lock (events.Ended)
                {
                    foreach (var ended in events.Ended)
                    {
                        log.WriteLine("event watch: " + ended);
                    }

                }
            }

            var startedAt = _clock.Elapsed;
            await StartSiloAsync(slot, server);
            restarts.Add((_clock.Elapsed - startedAt).TotalSeconds);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"slot {slot} started again at {startedAt.TotalSeconds:F1} s, ready after {restarts[^1]:F2} s"));
            doors.Open(slot, _silos[slot]!.HttpAddress);
            await Task.Delay(_writeAfterRestart);
        }

        await stop.CancelAsync();
        await Task.WhenAll(running);
        events.Dispose();
        await watching;
        if (_silos[Silos - 1] is not null)
        {
            LogFailures(Silos - 1);
        }

        foreach (var slow in writers.SelectMany(w => w.SlowCalls))
        {
            log.WriteLine("slow add " + slow);
        }

        var verified = await CheckStoredAsync(doors, writers);
        await client.StopAsync();

        // chatdb verify takes the directory alone: every silo stops first (SIGTERM, as systemd stops them).
        foreach (var silo in _silos.Where(s => s is not null))
        {
            silo!.Terminate();
            await silo.WaitForExitAsync(TimeSpan.FromSeconds(60), "the silo to stop on SIGTERM");
        }

        if (await ChatdbVerify.RunAsync(chatdbPath, Data, CancellationToken.None) is { } verifyFailure)
        {
            _failures.Add(verifyFailure);
        }

        return new FailoverResult(recoveries, _ledger.Count, verified, writers.Sum(w => w.Retries), eventsAfterKill, events.Ended.Count, _failures.Messages)
        {
            StopSeconds = stops,
            RestartSeconds = restarts,
            FailedCalls = writers.Sum(w => w.FailedCalls),
            LongestCallSeconds = writers.Max(w => w.LongestCall).TotalSeconds,
        };
    }

    /// <summary>The errors the silo of <paramref name="slot"/> logged (one line each, its exception included), so a failed event stream can be explained.</summary>
    private void LogFailures(int slot)
    {
        var lines = _silos[slot]!.Output.Split('\n');
        var shown = 0;
        for (var i = 0; i < lines.Length && shown < 10; i++)
        {
            if (lines[i].StartsWith("fail:", StringComparison.Ordinal))
            {
                shown++;
                log.WriteLine($"slot {slot} logged: " + (lines[i].Length <= 3000 ? lines[i] : lines[i][..3000] + "..."));
            }
        }
    }

    /// <summary>Starts the silo of <paramref name="slot"/> and waits until <c>/health</c> says ready (an active member of the table).</summary>
    private async Task StartSiloAsync(int slot, MembershipServer server)
    {
        var silo = SiloProcess.Start(_root, Data, arguments:
            ["--membership", membership.Name(), $"--Cluster:ConnectionString={server.ConnectionString}", "--cluster-id", _clusterId, "--service-id", _clusterId]);
        _silos[slot] = silo;
        await silo.WaitForLineAsync("ChatDb silo ready", SiloCluster.ReadyTimeout);
        await SiloCluster.WaitForHealthAsync(silo, "ready", SiloCluster.ReadyTimeout);
    }

    /// <summary>
    /// Stops the silo of <paramref name="slot"/>: SIGKILL, or SIGTERM and a wait until it has exited (returning how long
    /// that took; an exit code other than 0 is a failure).
    /// </summary>
    private async Task<double?> StopSiloAsync(int slot)
    {
        var silo = _silos[slot]!;
        double? seconds = null;
        if (stopKind == SiloStop.Kill)
        {
            using var process = Process.GetProcessById(silo.Id);
            process.Kill();
        }
        else
        {
            var termAt = _clock.Elapsed;
            var before = silo.Output.Length;
            silo.Terminate();
            var code = await silo.WaitForExitAsync(StopLimit, "on SIGTERM");
            seconds = (_clock.Elapsed - termAt).TotalSeconds;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"slot {slot} exited {code} {seconds:F2} s after SIGTERM at {termAt.TotalSeconds:F1} s"));
            foreach (var line in silo.Output[before..].Split('\n').Where(l => l.Contains("warn", StringComparison.Ordinal) || l.Contains("fail", StringComparison.Ordinal)).Take(20))
            {
                log.WriteLine($"slot {slot} stopping: {line}");
            }

            if (code != 0)
            {
                _failures.Add($"slot {slot}: the silo exited with code {code} after SIGTERM. Output:\n{silo.Output}");
            }
        }

        silo.Dispose();
        _silos[slot] = null;
        return seconds;
    }

    private async Task<IHost> ConnectAsync(MembershipServer server)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseOrleansClient(client => client.UseChatDb(discovery =>
        {
            discovery.Membership = membership;
            discovery.ConnectionString = server.ConnectionString;
            discovery.ClusterId = _clusterId;
        }));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private async Task<List<FailoverWriter>> CreateWritersAsync(FailoverDoors doors)
    {
        var writers = new List<FailoverWriter>();
        await doors.Orleans.CreateUserAsync(UserId, new UserProfileInput { DisplayName = "failover" });
        for (var i = 0; i < Silos * RestWritersPerSilo + OrleansWriters; i++)
        {
            var session = await doors.Orleans.CreateSessionAsync(UserId, $"writer {i}");
            _ledger.AddSession(session.Id);
            var home = i % Silos;
            Func<int, IChatDb> door = i < Silos * RestWritersPerSilo ? attempt => doors.Rest((home + attempt) % Silos) : _ => doors.Orleans;
            var name = (i < Silos * RestWritersPerSilo ? "rest" : "orleans") + i.ToString(CultureInfo.InvariantCulture);
            writers.Add(new FailoverWriter(name, UserId, session.Id, door, _ledger, _failures));
        }

        return writers;
    }

    /// <summary>Time from <paramref name="killedAt"/> until every writer had an acknowledgement after it; null past the limit.</summary>
    private async Task<TimeSpan?> WaitForEveryWriterAsync(IReadOnlyList<FailoverWriter> writers, TimeSpan killedAt)
    {
        while (_clock.Elapsed - killedAt < RecoveryLimit)
        {
            var firsts = writers.Select(w => w.FirstAckAfter(killedAt)).ToList();
            if (firsts.All(f => f is not null))
            {
                return firsts.Max()!.Value - killedAt;
            }

            await Task.Delay(20);
        }

        return null;
    }

    /// <summary>Reads every session back through a live silo; every acknowledged message once, in order, nothing else but the add in flight at the stop.</summary>
    private async Task<long> CheckStoredAsync(FailoverDoors doors, IReadOnlyList<FailoverWriter> writers)
    {
        var verified = 0L;
        foreach (var writer in writers)
        {
            var stored = new List<ChatMessage>();
            while (true)
            {
                var page = await doors.Orleans.GetMessagesAsync(UserId, writer.SessionId, new MessageQuery { Limit = 100, AfterSeq = stored.Count == 0 ? null : stored[^1].Seq });
                stored.AddRange(page);
                if (page.Count < 100)
                {
                    break;
                }
            }

            var acked = _ledger.For(writer.SessionId);
            for (var i = 0; i < stored.Count; i++)
            {
                if (stored[i].Seq != i + 1)
                {
                    _failures.Add($"writer {writer.Name}: the message at position {i + 1} has seq {stored[i].Seq}.");
                    break;
                }

                if (i < acked.Count)
                {
                    if (stored[i].Id != acked[i].Id || stored[i].Seq != acked[i].Seq)
                    {
                        _failures.Add($"writer {writer.Name}: seq {i + 1} holds '{stored[i].Id}', acknowledged was '{acked[i].Id}' at seq {acked[i].Seq}.");
                        break;
                    }

                    verified++;
                }
                else if (i > acked.Count || stored[i].Id != writer.Unacknowledged)
                {
                    _failures.Add($"writer {writer.Name}: seq {i + 1} holds '{stored[i].Id}', which was never sent or is a second copy.");
                    break;
                }
            }

            if (stored.Count < acked.Count)
            {
                _failures.Add($"writer {writer.Name}: {acked.Count} messages acknowledged, {stored.Count} stored.");
            }
        }

        return verified;
    }
}

/// <param name="RecoverySeconds">Per round: from the kill until every writer was acknowledged again.</param>
/// <param name="Acknowledged">Messages acknowledged in all.</param>
/// <param name="Verified">Acknowledged messages found stored, once, in order.</param>
/// <param name="Retries">Adds that failed and were sent again.</param>
/// <param name="EventsKeptComing">The event watch on a surviving silo saw events of every session after each kill it watched.</param>
/// <param name="EventReconnects">How often the watch's connections failed or ended and were reconnected with Last-Event-ID.</param>
/// <param name="Failures">What went wrong; empty on success.</param>
internal sealed record FailoverResult(
    IReadOnlyList<double> RecoverySeconds, long Acknowledged, long Verified, long Retries, bool EventsKeptComing, int EventReconnects, IReadOnlyList<string> Failures)
{
    /// <summary>Per round with SIGTERM: from the signal until the silo had exited.</summary>
    public IReadOnlyList<double> StopSeconds { get; init; } = [];

    /// <summary>Per round: from starting the silo again until its <c>/health</c> said ready.</summary>
    public IReadOnlyList<double> RestartSeconds { get; init; } = [];

    /// <summary>Adds not acknowledged within <see cref="FailoverWriter.FailedCallBound"/> of their first attempt, retries included.</summary>
    public long FailedCalls { get; init; }

    /// <summary>The longest any add took from its first attempt to its acknowledgement.</summary>
    public double LongestCallSeconds { get; init; }
}

/// <summary>How a round stops a silo.</summary>
internal enum SiloStop
{
    /// <summary>SIGKILL: a crash; the survivors find out through missed probes.</summary>
    Kill,

    /// <summary>SIGTERM, as systemd or Kubernetes stop a silo: it leaves the cluster and hands its grains over.</summary>
    Terminate,
}
