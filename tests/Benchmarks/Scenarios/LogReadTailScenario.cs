using System.Diagnostics;
using System.Text;
using ChatDb.Benchmarks.Engines;
using ChatDb.Storage.Flatfile.Logs;
using Microsoft.Data.Sqlite;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// Median time to read the last 100 records of a 1,000,000-record log (what opening a long chat
/// shows first). The log is built through the engine with OS-buffered batched appends, then
/// reopened so the read goes through the index file as after a restart. The SQLite peer runs
/// <c>SELECT ... ORDER BY seq DESC LIMIT 100</c> on a table of the same messages.
/// </summary>
public sealed class LogReadTailScenario : IScenario
{
    private const int Records = 1_000_000;
    private const int Tail = 100;

    public string Name => "log_read_last_100_of_1m";

    public string Unit => "us";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(1.0);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var payloads = Enumerable.Range(0, 1000).Select(MessagePayload.Create).ToArray();
        var iterations = context.Quick ? 200 : 2000;
        var directory = context.NewDirectory(Name);

        var path = Path.Combine(directory, "messages.jsonl");
        await using (var writer = await AppendLog.OpenAsync(path, new AppendLogOptions { FsyncOnCommit = false }, cancellationToken))
        {
            for (var first = 0; first < Records; first += 10_000)
            {
                await writer.AppendBatchAsync(Enumerable.Range(first, 10_000).Select(i => (ReadOnlyMemory<byte>)payloads[i % payloads.Length]).ToArray(), null, cancellationToken: cancellationToken);
            }
        }

        double chatdb;
        await using (var log = await AppendLog.OpenAsync(path, new AppendLogOptions(), cancellationToken))
        {
            chatdb = await MedianMicrosecondsAsync(iterations, async () => (await log.ReadTailAsync(Tail, cancellationToken)).Count);
        }

        await using var peer = await SqlitePeer.OpenAsync(Path.Combine(directory, "messages.db"), synchronousFull: false, cancellationToken);
        await FillSqliteAsync(peer, payloads, cancellationToken);
        await using var select = peer.Connection.CreateCommand();
        select.CommandText = $"SELECT seq, json FROM messages ORDER BY seq DESC LIMIT {Tail}";
        var sqlite = await MedianMicrosecondsAsync(iterations, async () =>
        {
            var rows = new List<(long, string)>(Tail);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1)));
            }

            rows.Reverse();
            return rows.Count;
        });

        return new ScenarioResult(chatdb, sqlite);
    }

    private static async Task FillSqliteAsync(SqlitePeer peer, byte[][] payloads, CancellationToken cancellationToken)
    {
        var texts = payloads.Select(p => Encoding.UTF8.GetString(p)).ToArray();
        for (var first = 0; first < Records; first += 10_000)
        {
            await using var transaction = (SqliteTransaction)await peer.Connection.BeginTransactionAsync(cancellationToken);
            for (var i = first; i < first + 10_000; i++)
            {
                peer.Insert(i + 1, texts[i % texts.Length], transaction);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static async Task<double> MedianMicrosecondsAsync(int iterations, Func<Task<int>> read)
    {
        for (var i = 0; i < 50; i++)
        {
            await read();
        }

        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            if (await read() != Tail)
            {
                throw new InvalidOperationException($"a tail read returned the wrong number of records (expected {Tail}).");
            }

            times[i] = watch.Elapsed.TotalMicroseconds;
        }

        Array.Sort(times);
        return times[iterations / 2];
    }
}
