using ChatDb.Operations.Tests.Support;

namespace ChatDb.Operations.Tests;

/// <summary>
/// An image document with its media entry and thumbnail (docs/MULTIMODAL.md) goes through verify, export, import, backup and
/// restore as files: the thumbnail lives in the analysis directory, which every tool already carries as it is.
/// </summary>
public sealed class ThumbnailFilesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AnImageAndItsThumbnail_VerifyClean_AndSurviveExportImportBackupAndRestore_ByteForByte()
    {
        var source = _temp.Combine("source");
        var data = await TestDataSet.CreateAsync(source, users: 1, sessionsPerUser: 1, messagesPerSession: 2);
        var (user, session) = data.Sessions[0];
        var documents = $"users/{user}/{session}/documents";
        var image = $"{documents}/photo.webp";
        var thumbnail = $"{documents}/analysis/thumbnails/photo.webp.png";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Join(source, thumbnail))!);
        await File.WriteAllBytesAsync(Path.Join(source, image), [0x52, 0x49, 0x46, 0x46, 1, 2, 3]);
        await File.WriteAllBytesAsync(Path.Join(source, thumbnail), [0x89, 0x50, 0x4E, 0x47, 4, 5, 6]);
        var metadata = Path.Join(source, documents, "metadata.json");
        var entry = ""","photo.webp":{"filename":"photo.webp","path":"PATH","mime_type":"image/webp","size":7,"uploaded_at":"2026-01-31T12:00:00.000000Z","analysis":{"media":{"kind":"image","status":"analyzed","media_type":"image/webp","size":7,"format":"webp","width":8,"height":8,"frame_count":1,"thumbnail":true}}}}""";
        var listed = (await File.ReadAllTextAsync(metadata)).TrimEnd().TrimEnd('}') + entry.Replace("PATH", image, StringComparison.Ordinal);
        await File.WriteAllTextAsync(metadata, listed);

        var verified = await Engines.Verify(source).VerifyAsync();
        await Engines.Export(source).ExportAsync(_temp.Combine("out.jsonl"));
        await Engines.Import(_temp.Combine("copy")).ImportAsync(_temp.Combine("out.jsonl"));
        await Engines.Backup(source).BackupAsync(_temp.Combine("backup.tar.gz"));
        var restored = await Engines.Restore(_temp.Combine("restored")).RestoreAsync(_temp.Combine("backup.tar.gz"), replace: false);

        Assert.True(verified.IsClean, "verify is not clean with a thumbnail present: " + string.Join("; ", verified.Problems.Select(p => p.Message)));
        Assert.True(restored.Verified.IsClean, "the restored tree with a thumbnail does not verify clean");
        var original = Tree.DataFiles(source);
        foreach (var root in new[] { _temp.Combine("copy"), _temp.Combine("restored") })
        {
            var copy = Tree.DataFiles(root);
            foreach (var file in new[] { image, thumbnail })
            {
                Assert.True(copy.ContainsKey(file), $"{file} did not come back");
                Assert.Equal(original[file], copy[file]);
            }

            // Import writes metadata.json in its own layout; the media entry must survive it.
            using var listing = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Join(root, documents, "metadata.json")));
            var media = listing.RootElement.GetProperty("photo.webp").GetProperty("analysis").GetProperty("media");
            Assert.Equal<(string?, int, bool)>(("webp", 8, true), (media.GetProperty("format").GetString(), media.GetProperty("width").GetInt32(), media.GetProperty("thumbnail").GetBoolean()));
        }
    }
}
