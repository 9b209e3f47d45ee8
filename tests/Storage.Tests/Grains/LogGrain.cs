using ChatDb.Storage.Logs;
using Orleans;
using Orleans.Runtime;

namespace ChatDb.Storage.Tests.Grains;

[GrainType("storage-tests-log")]
public sealed class LogGrain : Grain, ILogGrain
{
    private readonly IPersistentLog<TestNote> _notes;
    private readonly IPersistentLog<TestNote> _events;
    private readonly Guid _activationId = Guid.NewGuid();
    private long _countSeenAtActivateStage = -1;
    private long _countSeenAtActivation = -1;

    public LogGrain(
        [PersistentLog("notes")] IPersistentLog<TestNote> notes,
        [PersistentLog("events", "Archive")] IPersistentLog<TestNote> events)
    {
        _notes = notes;
        _events = events;

        // Orleans calls OnActivateAsync only after the whole lifecycle started; this observer runs inside it, at
        // the Activate stage, where a grain's own participants run. The log must be loaded before both.
        GrainContext.ObservableLifecycle.Subscribe("activate-stage-probe", GrainLifecycleStage.Activate, _ =>
        {
            _countSeenAtActivateStage = _notes.Count;
            return Task.CompletedTask;
        });
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _countSeenAtActivation = _notes.Count;
        return Task.CompletedTask;
    }

    public Task<Guid> GetActivationIdAsync() => Task.FromResult(_activationId);

    public Task<long> GetCountSeenAtActivationAsync() => Task.FromResult(_countSeenAtActivation);

    public Task<long> GetCountSeenAtActivateStageAsync() => Task.FromResult(_countSeenAtActivateStage);

    public Task<long> GetCountAsync() => Task.FromResult(_notes.Count);

    public Task<long> AppendAsync(string[] texts) =>
        _notes.AppendAsync(texts.Select((text, i) => new TestNote((int)_notes.Count + i + 1, text)).ToArray());

    public async Task<NoteView[]> ReadAsync(long fromSequence, int maxCount) =>
        View(await _notes.ReadAsync(fromSequence, maxCount));

    public async Task<NoteView[]> ReadTailAsync(int count) => View(await _notes.ReadTailAsync(count));

    public Task ClearAsync() => _notes.ClearAsync();

    public Task<long> AppendEventAsync(string text) => _events.AppendAsync(new TestNote((int)_events.Count + 1, text));

    private static NoteView[] View(IReadOnlyList<LogEntry<TestNote>> entries) =>
        entries.Select(e => new NoteView(e.Sequence, e.Value.Number, e.Value.Text)).ToArray();
}
