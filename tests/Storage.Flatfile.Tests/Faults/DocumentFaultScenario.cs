using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.IO;
using ChatDb.Storage.Flatfile.Tests.Support;

namespace ChatDb.Storage.Flatfile.Tests.Faults;

/// <summary>Atomic JSON document replacement (<see cref="JsonDocumentStore"/> over <see cref="AtomicFile"/>), into a new directory.</summary>
internal sealed class DocumentFaultScenario(string root) : FaultScenario(root)
{
    private string? _acked;
    private string? _inFlight;

    private string DocumentPath => Path.Combine(Root, "users", "alice", "profile.json");

    public override async Task RunAsync(IFlatfileFileSystem fileSystem)
    {
        var store = Store(fileSystem);
        for (var version = 1; version <= 3; version++)
        {
            await WriteTrackedAsync(store, $"v{version}");
        }
    }

    public override async Task CheckAsync(IFlatfileFileSystem fileSystem, string context)
    {
        var found = (await Store(fileSystem).ReadAsync<FaultDoc>(DocumentPath))?.Text;
        Assert.True(found == _acked || (_inFlight is not null && found == _inFlight),
            $"{context}: the document holds {found ?? "(none)"}; acknowledged {_acked ?? "(none)"}, in flight {_inFlight ?? "(none)"}");
        _acked = found;
        _inFlight = null;
        var directory = Path.GetDirectoryName(DocumentPath)!;
        var leftovers = Directory.Exists(directory) ? Directory.EnumerateFiles(directory).Where(f => f != DocumentPath).ToList() : [];
        Assert.True(leftovers.All(new AtomicFile(StorageOptions.At(Root)).IsTempFile),
            $"{context}: files other than the document and temp files: {string.Join(", ", leftovers)}");
    }

    public override Task WriteMoreAsync(IFlatfileFileSystem fileSystem, string round) => WriteTrackedAsync(Store(fileSystem), round);

    private JsonDocumentStore Store(IFlatfileFileSystem fileSystem)
    {
        var options = StorageOptions.At(Root);
        options.FileSystem = fileSystem;
        return new JsonDocumentStore(new AtomicFile(options));
    }

    private async Task WriteTrackedAsync(JsonDocumentStore store, string text)
    {
        _inFlight = text;
        await store.WriteAsync(DocumentPath, new FaultDoc(text));
        _acked = text;
        _inFlight = null;
    }
}
