using Orleans.Runtime;
using Orleans;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Keys;

namespace ChatDb.Storage.Flatfile.Tests.Faults;

internal sealed record FaultDoc(string Text);

internal sealed record FaultMessage(string Id, string Text);

/// <summary>
/// A scripted chat workload through the grain storage providers: a profile, sessions with state documents,
/// messages (single appends and a batch) and an uploaded file. It records what was acknowledged and what was
/// in flight when it stopped, and checks a reopened store against that: every acknowledged write is there,
/// nothing unacknowledged is visible except (whole records or the whole document of) the write in flight.
/// </summary>
internal sealed class ChatWorkload(int sessions)
{
    private static readonly GrainId User = GrainId.Create(ChatGrainTypes.User, "alice");

    private readonly Dictionary<string, (GrainId Grain, string Name, Expected<string> Value)> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<GrainId, (List<FaultMessage> Acked, List<FaultMessage> InFlight)> _logs = [];
    private readonly Dictionary<string, (GrainId Grain, string Name, Expected<byte[]> Value)> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GrainState<FaultDoc>> _handles = new(StringComparer.Ordinal);

    /// <summary>Acknowledged writes so far.</summary>
    public int Acknowledged { get; private set; }

    /// <summary>True once a write of that state was acknowledged.</summary>
    public bool IsAcknowledged(GrainId grain, string name) =>
        _states.TryGetValue($"{grain}|{name}", out var state) && state.Value.HasAcknowledged;

    public static GrainId Session(int index) => GrainId.Create(ChatGrainTypes.Session, $"alice/chat_session_20250102_030405_{index:D6}");

    public async Task RunAsync(FaultStore store)
    {
        await WriteStateAsync(store, User, ChatGrainFacets.ProfileState, "alice v1");
        for (var s = 1; s <= sessions; s++)
        {
            var session = Session(s);
            await WriteStateAsync(store, session, ChatGrainFacets.SessionState, $"session {s} v1");
            for (var m = 1; m <= 3; m++)
            {
                await AppendAsync(store, session, [new FaultMessage($"s{s}-m{m}", $"message {m} of session {s}")]);
            }

            await WriteFileAsync(store, session, "notes.txt", System.Text.Encoding.UTF8.GetBytes($"notes of session {s}\n"));
            await WriteStateAsync(store, session, ChatGrainFacets.SessionState, $"session {s} v2");
            await AppendAsync(store, session, [new FaultMessage($"s{s}-m4", "batch 1"), new FaultMessage($"s{s}-m5", "batch 2")]);
        }

        await WriteStateAsync(store, User, ChatGrainFacets.ProfileState, "alice v2");
    }

    /// <summary>Checks the reopened store against what was acknowledged, then that it takes new writes.</summary>
    public async Task CheckAsync(FaultStore store, string context)
    {
        foreach (var (key, (grain, name, expected)) in _states)
        {
            var state = new GrainState<FaultDoc>(new FaultDoc(""));
            await store.State.ReadStateAsync(name, grain, state);
            var found = state.RecordExists ? state.State!.Text : null;
            Assert.True(expected.Allows(found), $"{context}: state {key} is {found ?? "(absent)"}; acknowledged {expected}");
        }

        foreach (var (grain, (acked, inFlight)) in _logs)
        {
            var stored = (await store.Logs.ReadAsync<FaultMessage>(ChatGrainFacets.MessagesLog, grain, 1, int.MaxValue)).Select(e => e.Value).ToList();
            Assert.True(stored.Count >= acked.Count, $"{context}: log of {grain} holds {stored.Count} messages, {acked.Count} were acknowledged");
            Assert.Equal(acked, stored.Take(acked.Count));
            var extra = stored.Skip(acked.Count).ToList();
            Assert.True(extra.Count <= inFlight.Count && extra.SequenceEqual(inFlight.Take(extra.Count)),
                $"{context}: log of {grain} holds {extra.Count} unacknowledged messages that were not in flight");
            Assert.Equal(stored.Count, await store.Logs.CountAsync(ChatGrainFacets.MessagesLog, grain));
        }

        foreach (var (key, (grain, name, expected)) in _files)
        {
            var found = await store.Files.ReadAsync(grain, ChatGrainFacets.Documents, name);
            Assert.True(expected.Allows(found), $"{context}: file {key} holds {found?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(absent)"} bytes; acknowledged {expected}");
        }

    }

    /// <summary>
    /// Writes once more to everything (through the tracked paths, so the writes count as acknowledged): a
    /// recovered store must accept writes, and they must survive a later power loss too.
    /// </summary>
    public async Task WriteMoreAsync(FaultStore store, string round)
    {
        // A reopened store has new ETags (a document's write time is part of it): read before writing.
        _handles.Clear();
        for (var s = 1; s <= sessions; s++)
        {
            var session = Session(s);
            await WriteStateAsync(store, session, ChatGrainFacets.SessionState, $"session {s} {round}");
            if (!_logs.TryGetValue(session, out var log))
            {
                log = ([], []);
                _logs[session] = log;
            }

            // Records of an append in flight that reached the disk are part of the log now (CheckAsync
            // allowed them); the next append is acknowledged only once they are durable too.
            var stored = await store.Logs.ReadAsync<FaultMessage>(ChatGrainFacets.MessagesLog, session, 1, int.MaxValue);
            log.Acked.Clear();
            log.Acked.AddRange(stored.Select(e => e.Value));
            log.InFlight.Clear();

            await AppendAsync(store, session, [new FaultMessage($"s{s}-{round}", round)]);
        }

        await WriteStateAsync(store, User, ChatGrainFacets.ProfileState, $"alice {round}");
    }

    private async Task WriteStateAsync(FaultStore store, GrainId grain, string name, string text)
    {
        var key = $"{grain}|{name}";
        if (!_handles.TryGetValue(key, out var state))
        {
            state = new GrainState<FaultDoc>(new FaultDoc(""));
            await store.State.ReadStateAsync(name, grain, state);
            _handles[key] = state;
            _states.TryAdd(key, (grain, name, new Expected<string>()));
        }

        var expected = _states[key].Value;
        expected.Begin(text);
        state.State = new FaultDoc(text);
        await store.State.WriteStateAsync(name, grain, state);
        expected.Acknowledge();
        Acknowledged++;
    }

    private async Task AppendAsync(FaultStore store, GrainId grain, FaultMessage[] messages)
    {
        if (!_logs.TryGetValue(grain, out var log))
        {
            log = ([], []);
            _logs[grain] = log;
        }

        log.InFlight.Clear();
        log.InFlight.AddRange(messages);
        await store.Logs.AppendAsync(ChatGrainFacets.MessagesLog, grain, messages, log.Acked.Count);
        log.Acked.AddRange(messages);
        log.InFlight.Clear();
        Acknowledged++;
    }

    private async Task WriteFileAsync(FaultStore store, GrainId grain, string name, byte[] content)
    {
        var key = $"{grain}|{name}";
        if (!_files.TryGetValue(key, out var file))
        {
            file = (grain, name, new Expected<byte[]>());
            _files[key] = file;
        }

        file.Value.Begin(content);
        await store.Files.WriteAsync(grain, ChatGrainFacets.Documents, name, content);
        file.Value.Acknowledge();
        Acknowledged++;
    }

    /// <summary>A document's acknowledged value (null: none yet) and the value being written, if any.</summary>
    private sealed class Expected<T>
        where T : class
    {
        private T? _acked;
        private T? _inFlight;

        public bool HasAcknowledged => _acked is not null;

        public void Begin(T value) => _inFlight = value;

        public void Acknowledge()
        {
            _acked = _inFlight;
            _inFlight = null;
        }

        public bool Allows(T? found) => Same(found, _acked) || (_inFlight is not null && Same(found, _inFlight));

        public override string ToString() => $"{Show(_acked)}, in flight {Show(_inFlight)}";

        private static bool Same(T? left, T? right) => left is byte[] a && right is byte[] b ? a.AsSpan().SequenceEqual(b) : Equals(left, right);

        private static string Show(T? value) => value switch
        {
            null => "(none)",
            byte[] bytes => $"{bytes.Length} bytes",
            _ => value.ToString()!,
        };
    }
}
