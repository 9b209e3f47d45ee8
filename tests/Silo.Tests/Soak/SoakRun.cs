using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ChatDb.Silo.Tests.Soak;

/// <summary>
/// Drives a running silo over REST: <see cref="SoakSettings.Writers"/> concurrent clients each fill whole
/// sessions, one message at a time, while <see cref="SoakSettings.Readers"/> clients page through the same
/// sessions with <c>after</c> cursors. Every message read is checked against the one written (exact
/// content, seq without gaps), every acknowledgement against its expected seq, and at the end every session
/// is read whole: the acknowledged ids, in order, once each. The silo's working set is sampled throughout.
/// </summary>
public sealed class SoakRun(Uri silo, int siloProcessId, SoakSettings settings)
{
    private const int MaxViolationsKept = 50;
    private const int ReadPageSize = 37;

    private readonly ConcurrentQueue<string> _violations = new();
    private readonly string[] _sessionPaths = new string[settings.Sessions];
    private readonly string[][] _acknowledgedIds = new string[settings.Sessions][];
    private readonly int[] _written = new int[settings.Sessions];
    private long _violationCount;
    private long _acknowledged;
    private long _pages;
    private long _messagesRead;
    private long _peakWorkingSet;

    /// <summary>The text of message <paramref name="n"/> of session <paramref name="session"/>: unique, with
    /// characters JSON escapes, 60 to 700 bytes, so a torn or mixed-up message never passes for another.</summary>
    public static string Content(int session, int n)
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"s{session}-m{n}:"));
        var length = 40 + ((session * 31 + n * 17) % 600);
        const string alphabet = "abc xyz \"q\" \\ ünï 字 \n\t{}";
        for (var i = 0; text.Length < length; i++)
        {
            text.Append(alphabet[(session + n + i) % alphabet.Length]);
        }

        return text.ToString();
    }

    public async Task<SoakResult> RunAsync(CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = settings.Writers + settings.Readers, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler) { BaseAddress = silo, Timeout = TimeSpan.FromSeconds(60) };
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = SampleWorkingSetAsync(sampling.Token);

        await CreateSessionsAsync(http, cancellationToken);
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var readers = Enumerable.Range(0, settings.Readers).Select(r => ReadWhileWritingAsync(http, r, writing.Token)).ToArray();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Sessions),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Writers, CancellationToken = cancellationToken },
            (session, token) => new ValueTask(WriteSessionAsync(http, session, token)));
        var writeDuration = clock.Elapsed;
        await writing.CancelAsync();
        await Task.WhenAll(readers);

        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Sessions),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Writers, CancellationToken = cancellationToken },
            (session, token) => new ValueTask(CheckSessionAsync(http, session, token)));

        await sampling.CancelAsync();
        await sampler;
        var after = WorkingSet();
        var violations = _violations.ToList();
        if (_violationCount > violations.Count)
        {
            violations.Add($"... and {_violationCount - violations.Count} more");
        }

        return new SoakResult(settings, _acknowledged, _pages, _messagesRead, writeDuration, Math.Max(_peakWorkingSet, after), after, violations);
    }

    private async Task CreateSessionsAsync(HttpClient http, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Sessions),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Writers, CancellationToken = cancellationToken },
            async (session, token) =>
            {
                var user = $"soak-u{session / settings.SessionsPerUser}";
                var created = await SendAsync(http, HttpMethod.Post, $"/users/{user}/sessions", new { title = $"soak {session}" }, token);
                _sessionPaths[session] = created is { } body ? $"/users/{user}/sessions/{body.GetProperty("id").GetString()}" : string.Empty;
                _acknowledgedIds[session] = new string[settings.MessagesPerSession];
            });

    private async Task WriteSessionAsync(HttpClient http, int session, CancellationToken cancellationToken)
    {
        if (_sessionPaths[session].Length == 0)
        {
            return;
        }

        for (var n = 1; n <= settings.MessagesPerSession; n++)
        {
            var added = await SendAsync(http, HttpMethod.Post, _sessionPaths[session] + "/messages", new { role = "user", content = Content(session, n) }, cancellationToken);
            if (added is not { } message)
            {
                continue;
            }

            var seq = message.GetProperty("seq").GetInt64();
            if (seq != n)
            {
                Violation($"session {session}: message {n} was acknowledged with seq {seq}");
            }

            _acknowledgedIds[session][n - 1] = message.GetProperty("id").GetString()!;
            Volatile.Write(ref _written[session], n);
            Interlocked.Increment(ref _acknowledged);
        }
    }

    /// <summary>Pages through random sessions that have messages until the writers are done.</summary>
    private async Task ReadWhileWritingAsync(HttpClient http, int reader, CancellationToken writing)
    {
        var random = new Random(reader);
        while (!writing.IsCancellationRequested)
        {
            var session = random.Next(settings.Sessions);
            if (Volatile.Read(ref _written[session]) == 0)
            {
                await Task.Yield();
                continue;
            }

            var cursor = 0L;
            while (true)
            {
                var page = await SendAsync(http, HttpMethod.Get, $"{_sessionPaths[session]}/messages?after={cursor}&limit={ReadPageSize}", body: null, CancellationToken.None);
                if (page is not { } messages || messages.GetArrayLength() == 0)
                {
                    break;
                }

                Interlocked.Increment(ref _pages);
                foreach (var message in messages.EnumerateArray())
                {
                    cursor = CheckReadMessage(session, message, cursor);
                }
            }
        }
    }

    /// <summary>Checks one message read while writing: the next seq, exactly the content written. Returns its seq.</summary>
    private long CheckReadMessage(int session, JsonElement message, long previousSeq)
    {
        Interlocked.Increment(ref _messagesRead);
        var seq = message.GetProperty("seq").GetInt64();
        var content = message.GetProperty("content").GetString();
        if (seq != previousSeq + 1)
        {
            Violation($"session {session}: a reader got seq {seq} after {previousSeq}");
        }

        if (content != Content(session, (int)seq))
        {
            Violation($"session {session}: a reader got a message {seq} that is not the one written: {content?[..Math.Min(60, content.Length)]}");
        }

        return seq;
    }

    /// <summary>After the writes: the session holds exactly the acknowledged messages, in order, once each.</summary>
    private async Task CheckSessionAsync(HttpClient http, int session, CancellationToken cancellationToken)
    {
        if (_sessionPaths[session].Length == 0)
        {
            return;
        }

        var ids = new List<string>();
        var cursor = 0L;
        while (await SendAsync(http, HttpMethod.Get, $"{_sessionPaths[session]}/messages?after={cursor}&limit=100", body: null, cancellationToken) is { } page
            && page.GetArrayLength() > 0)
        {
            foreach (var message in page.EnumerateArray())
            {
                cursor = CheckReadMessage(session, message, cursor);
                ids.Add(message.GetProperty("id").GetString()!);
            }
        }

        var expected = _acknowledgedIds[session].Where(id => id is not null).ToArray();
        if (!ids.SequenceEqual(expected))
        {
            Violation($"session {session}: stored {ids.Count} messages ({ids.Distinct().Count()} distinct ids), acknowledged {expected.Length}; the ids differ");
        }
    }

    private async Task<JsonElement?> SendAsync(HttpClient http, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                Violation($"{method} {path}: {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
                return null;
            }

            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            Violation($"{method} {path}: {error.GetType().Name}: {error.Message}");
            return null;
        }
    }

    private async Task SampleWorkingSetAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            do
            {
                var current = WorkingSet();
                if (current > _peakWorkingSet)
                {
                    _peakWorkingSet = current;
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    private long WorkingSet()
    {
        try
        {
            using var process = Process.GetProcessById(siloProcessId);
            return process.WorkingSet64;
        }
        catch (ArgumentException)
        {
            return 0;
        }
    }

    private void Violation(string message)
    {
        if (Interlocked.Increment(ref _violationCount) <= MaxViolationsKept)
        {
            _violations.Enqueue(message);
        }
    }
}
