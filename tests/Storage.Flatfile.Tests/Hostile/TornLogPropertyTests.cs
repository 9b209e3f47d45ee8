using System.Text;
using ChatDb.Storage.Flatfile.Logs;
using FsCheck;
using FsCheck.Fluent;

namespace ChatDb.Storage.Flatfile.Tests.Hostile;

/// <summary>
/// A message log and its offset index damaged at random (truncations, garbage blocks written over or
/// inserted, bit flips, NUL runs, huge lines) and then verified, opened and read page by page. Whatever
/// the damage: no exception but <see cref="IntegrityError"/> (naming the file and a byte offset), no hang,
/// allocations bounded by the file size, and every record wholly before the first damaged byte comes back
/// unchanged. Damage to the index alone loses nothing.
/// </summary>
public sealed class TornLogPropertyTests : IDisposable
{
    /// <summary>Cases per run in CI; <c>CHATDB_FUZZ_ITERATIONS</c> sets another count for a long run.</summary>
    public static readonly int Iterations = FuzzIterations.Or(300);

    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(30);
    private readonly LogTestDirectory _directory = new();
    private int _case;

    public void Dispose() => _directory.Dispose();

    private static AppendLogOptions Options() => LogJson.Fast(spacing: 4);

    [Fact]
    public void DamagedLog_IsEitherReadUpToTheDamage_OrRefusedWithAnIntegrityErrorNamingFileAndOffset()
    {
        var characters = Gen.Elements('a', 'Z', '7', ' ', '"', '\\', '\n', '\u0001', 'é', '字', '{', '}');
        var texts = Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(characters, n)).Select(c => new string(c));
        var cases =
            from records in Gen.Choose(1, 60).SelectMany(n => Gen.ArrayOf(texts, n))
            from damages in FileDamage.Several
            from indexOnly in Gen.Frequency((1, Gen.Constant(true)), (5, Gen.Constant(false)))
            select (records, damages, indexOnly);

        Prop.ForAll(Arb.From(cases), c => RunBounded(() => CheckCase(c.records, c.damages, c.indexOnly), $"log case {string.Join(',', c.damages.Select(d => d.ToString()))}"))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(Iterations));
    }

    /// <summary>Runs one case on its own thread and fails, naming it, when it does not finish in time.</summary>
    internal static void RunBounded(Action check, string what)
    {
        var task = Task.Factory.StartNew(check, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!task.Wait(CaseTimeout))
        {
            Assert.Fail($"{what} did not finish within {CaseTimeout.TotalSeconds} s (hang while reading a damaged file).");
        }

        task.GetAwaiter().GetResult();
    }

    private void CheckCase(string[] texts, FileDamage[] damages, bool indexOnly)
    {
        var path = _directory.File($"case-{Interlocked.Increment(ref _case)}.jsonl");
        var lines = Write(path, texts);
        var log = File.ReadAllBytes(path);
        var index = File.Exists(path + ".idx") ? File.ReadAllBytes(path + ".idx") : [];
        var firstTouched = int.MaxValue;
        foreach (var damage in damages)
        {
            if (indexOnly)
            {
                index = damage.Apply(index, out _);
            }
            else
            {
                log = damage.Apply(log, out var touched);
                firstTouched = Math.Min(firstTouched, touched);
            }
        }

        File.WriteAllBytes(path, log);
        File.WriteAllBytes(path + ".idx", index);
        var intact = IntactRecords(lines, firstTouched);
        var what = $"{Path.GetFileName(path)} ({lines.Length} records, {intact} intact, damage {string.Join(", ", damages.Select(d => d.ToString()))}{(indexOnly ? " to the index" : string.Empty)})";

        var before = GC.GetAllocatedBytesForCurrentThread();
        var report = AppendLog.VerifyAsync(path, Options()).GetAwaiter().GetResult();
        Assert.True(report.Records >= intact, $"{what}: verify counted {report.Records} valid records");
        var read = OpenAndReadAll(path, what);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var budget = (16L * (log.Length + index.Length)) + (16L << 20);
        Assert.True(allocated <= budget, $"{what}: verifying, opening and reading allocated {allocated} bytes for {log.Length + index.Length} bytes on disk (budget {budget}).");

        if (read is null)
        {
            Assert.True(report.Problems.Any(p => p.Kind is LogProblemKind.CorruptRecord or LogProblemKind.SequenceGap),
                $"{what}: open refused the log but verify found no corrupt record: {string.Join(" | ", report.Problems.Select(p => p.Message))}");
            return;
        }

        Assert.True(read.Count >= (indexOnly ? lines.Length : intact), $"{what}: only {read.Count} records came back");
        for (var i = 0; i < read.Count; i++)
        {
            Assert.Equal(i + 1, read[i].Sequence);
            Assert.True(LogLineFormat.IsJsonObject(read[i].Json.Span), $"{what}: record {i + 1} is not a JSON object");
            if (i < intact || indexOnly)
            {
                Assert.True(read[i].Json.Span.SequenceEqual(lines[i].AsSpan(0, lines[i].Length - 1)), $"{what}: record {i + 1} changed");
            }
        }
    }

    /// <summary>Every record after open, read in pages; null when open refused the log. Reads past the
    /// damage may refuse too (open checks only the tail); the records before it must come back.</summary>
    private static List<LogRecord>? OpenAndReadAll(string path, string what)
    {
        AppendLog log;
        try
        {
            log = AppendLog.OpenAsync(path, Options()).GetAwaiter().GetResult();
        }
        catch (IntegrityError error)
        {
            AssertNamesFileAndOffset(error, path, what);
            return null;
        }

        try
        {
            var records = new List<LogRecord>();
            for (var from = 1L; from <= log.Count; from += 7)
            {
                try
                {
                    records.AddRange(log.ReadRangeAsync(from, 7).AsTask().GetAwaiter().GetResult());
                }
                catch (IntegrityError error)
                {
                    // The page reaches the damage: the records before it must still come back one by one.
                    AssertNamesFileAndOffset(error, path, what);
                    records.AddRange(ReadOneByOneUntilRefused(log, from, path, what));
                    break;
                }
            }

            return records;
        }
        finally
        {
            log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static List<LogRecord> ReadOneByOneUntilRefused(AppendLog log, long from, string path, string what)
    {
        var records = new List<LogRecord>();
        try
        {
            for (var sequence = from; sequence <= log.Count; sequence++)
            {
                records.AddRange(log.ReadRangeAsync(sequence, 1).AsTask().GetAwaiter().GetResult());
            }
        }
        catch (IntegrityError error)
        {
            AssertNamesFileAndOffset(error, path, what);
        }

        return records;
    }

    private static void AssertNamesFileAndOffset(IntegrityError error, string path, string what)
    {
        Assert.True(error.Message.Contains(path, StringComparison.Ordinal) && error.Message.Contains("byte", StringComparison.Ordinal),
            $"{what}: the integrity error does not name the file and a byte offset: {error.Message}");
    }

    private static byte[][] Write(string path, string[] texts)
    {
        var log = AppendLog.OpenAsync(path, Options()).GetAwaiter().GetResult();
        log.AppendBatchAsync(texts.Select(LogJson.Object).ToArray()).AsTask().GetAwaiter().GetResult();
        log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        var content = File.ReadAllBytes(path);
        var lines = new List<byte[]>();
        for (var start = 0; start < content.Length;)
        {
            var end = Array.IndexOf(content, (byte)'\n', start) + 1;
            lines.Add(content[start..end]);
            start = end;
        }

        Assert.Equal(texts.Length, lines.Count);
        Assert.Equal(texts.Length > 0 ? "{\"seq\":1" : string.Empty, Encoding.UTF8.GetString(lines[0].AsSpan(0, Math.Min(8, lines[0].Length))));
        return [.. lines];
    }

    /// <summary>Records whose whole line (newline included) lies before <paramref name="firstTouched"/>.</summary>
    private static int IntactRecords(byte[][] lines, int firstTouched)
    {
        var end = 0L;
        var intact = 0;
        foreach (var line in lines)
        {
            end += line.Length;
            if (end > firstTouched)
            {
                break;
            }

            intact++;
        }

        return intact;
    }
}
