using ChatDb.Storage;
using System.Text.Json;
using ChatDb.Grains.Events;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage.Ids;
using Orleans;

namespace ChatDb.Grains.Sessions;

public sealed partial class SessionGrain
{
    public async Task<DocumentInfo> SaveDocumentAsync(string filename, byte[] content, string? mimeType, Dictionary<string, JsonElement>? metadata)
    {
        RequireSession();
        ValidateFilename(filename);
        if (content is null)
        {
            throw new ValidationError($"{Subject}: document {IdText.Escape(filename)} has no content.");
        }

        StorageLimits.EnsureWithin(nameof(_options.MaxDocumentSizeBytes), _options.MaxDocumentSizeBytes, content.LongLength,
            $"size in bytes of document {IdText.Escape(filename)} in {Subject}");
        var type = mimeType is null ? DocumentMimeTypes.Guess(filename) : TextRules.Require(mimeType, "MIME type", TextRules.MaxNameLength, Subject);

        // File first, metadata second: a crash in between leaves an unlisted file, never a listed document without bytes.
        await _files.WriteAsync(this.GetGrainId(), DocumentsCollection, filename, content);
        var documents = await _documents.GetAsync();
        var analysis = JsonMaps.Copy(metadata);
        if (await DescribeMediaAsync(filename, type, content, documents.State.GetValueOrDefault(filename)) is { } media)
        {
            analysis[MediaInfo.AnalysisKey] = media.ToJson();
        }

        var info = new DocumentInfo(filename, DocumentPath(filename), type, content.LongLength, ChatClock.Now(_time), analysis);
        await documents.WriteOrRevertAsync(new Dictionary<string, DocumentInfo>(documents.State, StringComparer.Ordinal) { [filename] = info });
        await _events.AppendAndPublishAsync(new DocumentSaved(_userId, _sessionId, info.UploadedAt, info));
        return info;
    }

    public async Task<byte[]> GetDocumentAsync(string filename)
    {
        RequireSession();
        ValidateFilename(filename);
        await RequireDocumentAsync(filename);
        return await _files.ReadAsync(this.GetGrainId(), DocumentsCollection, filename)
            ?? throw new IntegrityError($"{Subject}: document {IdText.Escape(filename)} is listed in the document metadata but its file is missing.");
    }

    public async Task<IReadOnlyList<DocumentInfo>> ListDocumentsAsync()
    {
        RequireSession();
        return (await _documents.GetAsync()).State.Values.OrderBy(d => d.Filename, StringComparer.Ordinal).ToList();
    }

    public async Task<DocumentInfo> UpdateDocumentAnalysisAsync(string filename, Dictionary<string, JsonElement> analysis)
    {
        RequireSession();
        ValidateFilename(filename);
        if (analysis is null)
        {
            throw new ValidationError($"{Subject}: the analysis of document {IdText.Escape(filename)} is missing.");
        }

        var current = await RequireDocumentAsync(filename);
        var updated = current with { Analysis = JsonMaps.Merge(current.Analysis, analysis) };
        var documents = await _documents.GetAsync();
        await documents.WriteOrRevertAsync(new Dictionary<string, DocumentInfo>(documents.State, StringComparer.Ordinal) { [filename] = updated });
        await _events.AppendAndPublishAsync(new DocumentAnalysisUpdated(_userId, _sessionId, ChatClock.Now(_time), updated));
        return updated;
    }

    private void ValidateFilename(string filename) =>
        DocumentFilenameValidator.Validate(filename, _options.AllowedDocumentExtensions, _documentLocations.ReservedFilenames);

    private async Task<DocumentInfo> RequireDocumentAsync(string filename) =>
        (await _documents.GetAsync()).State.TryGetValue(filename, out var info)
            ? info
            : throw new NotFoundError($"{Subject} has no document {IdText.Escape(filename)}.");

    /// <summary>The documented location (docs/STORAGE.md), relative to the data directory; informational.</summary>
    private string DocumentPath(string filename) => _documentLocations.RelativePath(_userId, _sessionId, filename);
}
