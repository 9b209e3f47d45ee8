using ChatDb.Storage.Logs;
using Orleans;
using Orleans.Runtime;

namespace ChatDb.Storage.Flatfile.Tests.Hosting.Grains;

/// <summary>
/// A grain type without a place in the chat layout (<c>grains/note/{key}/...</c>), whose state and log name the
/// provider "Archive" instead of the default one.
/// </summary>
[GrainType("note")]
public sealed class TestNoteGrain(
    [PersistentState("note", "Archive")] IPersistentState<TestContext?> note,
    [PersistentLog("entries", "Archive")] IPersistentLog<TestMessage> entries) : Grain, ITestNoteGrain
{
    public Task WriteAsync(string text)
    {
        note.State = new TestContext(text);
        return note.WriteStateAsync();
    }

    public Task<long> AppendAsync(string text) => entries.AppendAsync(new TestMessage(text));
}
