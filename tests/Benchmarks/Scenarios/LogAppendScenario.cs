using System.Diagnostics;
using System.Text;
using ChatDb.Storage.Flatfile.Logs;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// Durable appends (fsync before acknowledging) for a fixed time: <c>logs</c> logs written at once,
/// each by <c>appendersPerLog</c> concurrent appenders that each wait for their append before the
/// next. Many appenders on one log show group commit; many logs show parallel fsyncs. The SQLite
/// peer inserts one message per transaction with synchronous=FULL (appenders of one database share
/// its connection, as SQLite has one writer).
/// </summary>
public sealed class LogAppendScenario(string name, int logs, int appendersPerLog) : IScenario
{
    public string Name => name;

    public string Unit => "appends/s";

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var payloads = Enumerable.Range(0, 64).Select(MessagePayload.Create).ToArray();
        var chatdb = new List<double>();
        var sqlite = new List<double>();
        for (var round = 0; round < context.Rounds; round++)
        {
            chatdb.Add(await RunChatDbAsync(context, payloads, cancellationToken));
            sqlite.Add(await RunSqliteAsync(context, payloads, cancellationToken));
        }

        return new ScenarioResult(Median(chatdb), Median(sqlite));
    }

    private async Task<double> RunChatDbAsync(BenchmarkContext context, byte[][] payloads, CancellationToken cancellationToken)
    {
        var directory = context.NewDirectory(Name + "-chatdb");
        var opened = new List<AppendLog>();
        for (var l = 0; l < logs; l++)
        {
            opened.Add(await AppendLog.OpenAsync(Path.Combine(directory, $"log{l}.jsonl"), new AppendLogOptions(), cancellationToken));
        }

        try
        {
            return await MeasureAsync(context.Duration, opened.Count, async (log, stop) =>
            {
                var appended = 0L;
                while (!stop.IsCancellationRequested)
                {
                    await opened[log].AppendAsync(payloads[appended++ % payloads.Length], cancellationToken);
                }

                return appended;
            });
        }
        finally
        {
            foreach (var log in opened)
            {
                await log.DisposeAsync();
            }
        }
    }

    private async Task<double> RunSqliteAsync(BenchmarkContext context, byte[][] payloads, CancellationToken cancellationToken)
    {
        var directory = context.NewDirectory(Name + "-sqlite");
        var peers = new List<SqlitePeer>();
        var texts = payloads.Select(p => Encoding.UTF8.GetString(p)).ToArray();
        for (var l = 0; l < logs; l++)
        {
            peers.Add(await SqlitePeer.OpenAsync(Path.Combine(directory, $"log{l}.db"), synchronousFull: true, cancellationToken));
        }

        var sequences = new long[logs];
        try
        {
            // Appenders of one database take turns on its one connection (SQLite has one writer).
            var turns = peers.Select(_ => new SemaphoreSlim(1, 1)).ToArray();
            return await MeasureAsync(context.Duration, peers.Count, async (log, stop) =>
            {
                var appended = 0L;
                while (!stop.IsCancellationRequested)
                {
                    await turns[log].WaitAsync(CancellationToken.None);
                    try
                    {
                        peers[log].Insert(++sequences[log], texts[appended % texts.Length]);
                    }
                    finally
                    {
                        turns[log].Release();
                    }

                    appended++;
                }

                return appended;
            });
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>Runs <c>appendersPerLog</c> appenders per log until the duration ends; returns appends/s.</summary>
    private async Task<double> MeasureAsync(TimeSpan duration, int logCount, Func<int, CancellationToken, Task<long>> appender)
    {
        using var stop = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, logCount)
            .SelectMany(log => Enumerable.Range(0, appendersPerLog).Select(_ => Task.Run(() => appender(log, stop.Token))))
            .ToArray();
        await Task.Delay(duration);
        await stop.CancelAsync();
        var total = (await Task.WhenAll(tasks)).Sum();
        return total / watch.Elapsed.TotalSeconds;
    }
}
