using System.Text;
using ChatDb.Grains.Models;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Tests.Json;
using ChatDb.Storage.Flatfile.Tests.Support;

namespace ChatDb.Storage.Flatfile.Tests.Documents;

public sealed class JsonDocumentStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly JsonDocumentStore _store;
    private readonly string _path;

    public JsonDocumentStoreTests()
    {
        _store = new JsonDocumentStore(new AtomicFile(StorageOptions.At(_directory.Path)));
        _path = _directory.Combine("users", "alice", "profile.json");
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task WriteThenRead_ReturnsAnEqualDocument()
    {
        await _store.WriteAsync(_path, ModelSamples.Session);

        var read = await _store.ReadAsync<ChatSession>(_path);

        Assert.NotNull(read);
        Assert.Equal(ModelSamples.Session.Id, read.Id);
        Assert.Equal(ModelSamples.Session.CreatedAt, read.CreatedAt);
        Assert.Equal("gpt", read.Metadata["model"].GetString());
    }

    [Fact]
    public async Task Write_StoresIndentedSnakeCaseJson()
    {
        await _store.WriteAsync(_path, ModelSamples.Profile);

        var text = await File.ReadAllTextAsync(_path);
        Assert.StartsWith("{\n  \"user_id\": \"alice\",\n  \"display_name\": \"Alice\",", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_MissingFile_ReturnsNull()
    {
        Assert.Null(await _store.ReadAsync<UserProfile>(_path));
    }

    [Fact]
    public async Task Read_SyntaxError_ThrowsIntegrityErrorWithFileAndBytePosition()
    {
        const string text = "{\n  \"user_id\": \"alice\",\n  \"display_name\": ]\n}";
        await WriteRawAsync(text);

        var error = await Assert.ThrowsAsync<IntegrityError>(() => _store.ReadAsync<UserProfile>(_path));

        Assert.Contains(_path, error.Message, StringComparison.Ordinal);
        Assert.Contains($"at byte {text.IndexOf(']', StringComparison.Ordinal)} (line 3,", error.Message, StringComparison.Ordinal);
        Assert.Contains("UserProfile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_WrongType_ThrowsIntegrityErrorNamingTheJsonPath()
    {
        await WriteRawAsync("""{"user_id":"alice","display_name":null,"created_at":"2025-01-02T03:04:05Z","updated_at":42,"preferences":{},"data":{}}""");

        var error = await Assert.ThrowsAsync<IntegrityError>(() => _store.ReadAsync<UserProfile>(_path));

        Assert.Contains("JSON path '$.updated_at'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"user_id\":\"al")]
    [InlineData("null")]
    [InlineData("[]")]
    public async Task Read_TruncatedEmptyOrNull_ThrowsIntegrityError(string text)
    {
        await WriteRawAsync(text);

        var error = await Assert.ThrowsAsync<IntegrityError>(() => _store.ReadAsync<UserProfile>(_path));

        Assert.Contains(_path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_RemovesTheDocument()
    {
        await _store.WriteAsync(_path, ModelSamples.Profile);

        Assert.True(await _store.DeleteAsync(_path));
        Assert.Null(await _store.ReadAsync<UserProfile>(_path));
        Assert.False(await _store.DeleteAsync(_path));
    }

    private async Task WriteRawAsync(string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        await File.WriteAllBytesAsync(_path, Encoding.UTF8.GetBytes(text));
    }
}
