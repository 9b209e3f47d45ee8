using ChatDb.Grains.Media;
using ChatDb.Grains.Models;
using ChatDb.Grains.Modules;
using ChatDb.Storage;
using ChatDb.Storage.Ids;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

namespace ChatDb.Grains.Sessions;

/// <summary>
/// Image, audio and video documents as the multimodal module describes them (docs/MULTIMODAL.md): the media entry of the
/// document's analysis and an image's thumbnail beside the documents. The session stays the single writer of its files;
/// the module lends the analyzer. While the module is off, documents are stored as before and nothing is described.
/// </summary>
public sealed partial class SessionGrain
{
    public async Task<byte[]> GetDocumentThumbnailAsync(string filename)
    {
        RequireSession();
        ValidateFilename(filename);
        (_services.GetService<ChatModuleSet>())?.EnsureEnabled(ChatModuleNames.Multimodal);
        var document = await RequireDocumentAsync(filename);
        if (MediaKinds.Of(document.MimeType) != MediaKinds.Image)
        {
            throw new NotFoundError($"{Subject}: document {IdText.Escape(filename)} has no thumbnail: it is {document.MimeType}, not an image.");
        }

        var name = MediaThumbnails.FileName(filename);
        if (MediaInfo.Of(document) is { Thumbnail: true } && await _files.ReadAsync(this.GetGrainId(), MediaThumbnails.Collection, name) is { } stored)
        {
            return stored;
        }

        // Stored while the module was off, copied by a fork, or the thumbnail file is gone: describe it now.
        var content = await GetDocumentAsync(filename);
        var media = await DescribeMediaAsync(filename, document.MimeType, content, document)
            ?? throw new InvalidOperationException("an image document must be described while the module is on");
        await UpdateDocumentAnalysisAsync(filename, new Dictionary<string, System.Text.Json.JsonElement>(StringComparer.Ordinal)
        {
            [MediaInfo.AnalysisKey] = media.ToJson(),
        });
        if (media.Status != MediaStatuses.Analyzed || !media.Thumbnail)
        {
            throw new NotFoundError($"{Subject}: document {IdText.Escape(filename)} has no thumbnail: {media.Reason}");
        }

        return await _files.ReadAsync(this.GetGrainId(), MediaThumbnails.Collection, name)
            ?? throw new IntegrityError($"{Subject}: the thumbnail of document {IdText.Escape(filename)} was written but cannot be read.");
    }

    /// <summary>
    /// The media entry of a document being stored, its thumbnail written first (like the document, before the metadata that
    /// lists it); null when the document is no image, audio or video, or the multimodal module is off. The thumbnail of the
    /// document it replaces goes when the new one has none.
    /// </summary>
    private async Task<MediaInfo?> DescribeMediaAsync(string filename, string mediaType, byte[] content, DocumentInfo? replaced)
    {
        MediaInfo? media = null;
        if (MediaKinds.Of(mediaType) is not null
            && _services.GetService<ChatModuleSet>()?.IsEnabled(ChatModuleNames.Multimodal) != false
            && _services.GetService<IMediaAnalyzer>() is { } analyzer)
        {
            // A decode of up to Multimodal:MaxImagePixels takes a core for a while: on the thread pool it holds this
            // request (the session stays the single writer) but not the scheduler thread other grains' turns run on.
            var analysis = await Task.Run(() => analyzer.Analyze(filename, mediaType, content));
            if (analysis?.Thumbnail is { } png)
            {
                await _files.WriteAsync(this.GetGrainId(), MediaThumbnails.Collection, MediaThumbnails.FileName(filename), png);
            }

            media = analysis?.Info;
        }

        if (media is not { Thumbnail: true } && replaced is not null && MediaInfo.Of(replaced) is { Thumbnail: true })
        {
            await _files.DeleteAsync(this.GetGrainId(), MediaThumbnails.Collection, MediaThumbnails.FileName(filename));
        }

        return media;
    }
}
