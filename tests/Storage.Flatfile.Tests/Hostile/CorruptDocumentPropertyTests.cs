using System.Text.Json;
using ChatDb.Grains.Models;
using Orleans.Runtime;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Json;
using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Flatfile.Tests.Json;
using ChatDb.Storage.Flatfile.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace ChatDb.Storage.Flatfile.Tests.Hostile;

/// <summary>
/// Every persisted document shape (and a message as stored in a log line) damaged at random and read
/// back: a document (possibly with changed values) or an <see cref="IntegrityError"/> naming the file
/// and a byte position; never another exception, a hang or an allocation out of proportion to the file.
/// Deeply nested and very wide JSON are among the damages.
/// </summary>
public sealed class CorruptDocumentPropertyTests : IDisposable
{
    /// <summary>Cases per run in CI; <c>CHATDB_FUZZ_ITERATIONS</c> sets another count for a long run.</summary>
    public static readonly int Iterations = FuzzIterations.Or(500);

    private static readonly (string Name, byte[] Json, Func<string, byte[], object?> Read)[] Shapes =
    [
        Shape<ChatSession>("session.json", ModelSamples.Session),
        Shape<UserProfile>("profile.json", ModelSamples.Profile),
        Shape<Panel>("panel.json", ModelSamples.Panel),
        Shape<SituationalContext>("context.json", ModelSamples.Context),
        Shape<DocumentInfo>("document.json", ModelSamples.Document),
        Shape<Persona>("persona.json", ModelSamples.Persona),
        Shape<PanelInsight>("insight.json", ModelSamples.Insight),
        ("messages.jsonl", JsonSerializer.SerializeToUtf8Bytes(ModelSamples.Message, StorageJson.Lines), ReadMessageLine),
    ];

    private readonly TempDirectory _directory = new();
    private readonly JsonDocumentStore _store;

    public CorruptDocumentPropertyTests()
    {
        _store = new JsonDocumentStore(new AtomicFile(StorageOptions.At(_directory.Path)));
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void DamagedDocument_IsEitherADocument_OrAnIntegrityErrorNamingFileAndPosition()
    {
        var cases =
            from shape in Gen.Choose(0, Shapes.Length - 1)
            from damages in FileDamage.Several
            select (shape, damages);

        Prop.ForAll(Arb.From(cases), c => TornLogPropertyTests.RunBounded(
                () => CheckCase(Shapes[c.shape], c.damages),
                $"{Shapes[c.shape].Name} with {string.Join(", ", c.damages.Select(d => d.ToString()))}"))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(Iterations));
    }

    [Theory]
    [InlineData(10_000, false)]
    [InlineData(10_000, true)]
    [InlineData(1_000_000, false)]
    public async Task DeeplyNestedMetadata_IsAnIntegrityError_NotAStackOverflow(int depth, bool arrays)
    {
        var (open, close) = arrays ? ("[", "]") : ("{\"a\":", "}");
        var json = "{\"id\":\"chat_session_20250102_030405_123456\",\"user_id\":\"alice\",\"metadata\":{\"deep\":"
            + string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)) + "}}";
        var path = _directory.Combine("deep", "session.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, json);

        var error = await Assert.ThrowsAsync<IntegrityError>(() => _store.ReadAsync<ChatSession>(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("depth", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MetadataWithTenThousandEntries_IsReadWhole()
    {
        var metadata = Enumerable.Range(0, 10_000).ToDictionary(i => $"k{i}", i => JsonSerializer.SerializeToElement(i));
        var session = ModelSamples.Session with { Metadata = metadata };
        var path = _directory.Combine("wide", "session.json");
        await _store.WriteAsync(path, session);

        var read = await _store.ReadAsync<ChatSession>(path);

        Assert.Equal(10_000, read!.Metadata.Count);
        Assert.Equal(9_999, read.Metadata["k9999"].GetInt32());
    }

    private void CheckCase((string Name, byte[] Json, Func<string, byte[], object?> Read) shape, FileDamage[] damages)
    {
        var bytes = shape.Json;
        foreach (var damage in damages)
        {
            bytes = damage.Apply(bytes, out _);
        }

        var path = _directory.Combine(Guid.NewGuid().ToString("N"), shape.Name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        var what = $"{shape.Name} ({bytes.Length} bytes after {string.Join(", ", damages.Select(d => d.ToString()))})";

        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            var read = shape.Read(path, File.ReadAllBytes(path));
            Assert.NotNull(read);
        }
        catch (IntegrityError error)
        {
            Assert.True(error.Message.Contains(path, StringComparison.Ordinal) && error.Message.Contains("byte", StringComparison.Ordinal),
                $"{what}: the integrity error does not name the file and a byte position: {error.Message}");
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var budget = (32L * bytes.Length) + (4L << 20);
        Assert.True(allocated <= budget, $"{what}: reading allocated {allocated} bytes (budget {budget}).");
    }

    private static object? ReadMessageLine(string path, byte[] json) =>
        LogEntryJson.Deserialize<ChatMessage>(new LogRecord(1, json), "messages", GrainId.Create("session", "alice/s"), path).Value;

    private static (string, byte[], Func<string, byte[], object?>) Shape<T>(string name, T sample)
        where T : class =>
        (name, JsonSerializer.SerializeToUtf8Bytes(sample, StorageJson.Documents), (path, bytes) => JsonDocumentStore.Parse<T>(path, bytes));
}
