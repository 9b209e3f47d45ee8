using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Models;
using ChatDb.Grains.Modules;
using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Agents;

/// <summary>
/// Image, audio and video documents that messages of the prompt refer to (docs/MULTIMODAL.md): a model that accepts images
/// gets an image's bytes as <see cref="DataContent"/>; every other document of those kinds, and every image while the
/// multimodal module is off, becomes a text placeholder such as <c>[image: photo.png, 800x600 PNG]</c>.
/// </summary>
public sealed partial class AgentRunGrain
{
    /// <summary>The content of each media document part of <paramref name="history"/>; null when there is none.</summary>
    private async Task<Func<MessagePart, AIContent?>?> PromptMediaAsync(ModelEntry model, ISessionGrain session, IReadOnlyList<Models.ChatMessage> history)
    {
        var names = history.SelectMany(m => m.Parts ?? [])
            .Where(p => p.Type == MessagePartTypes.Document && p.Document is not null && MediaKinds.Of(p.MediaType) is not null)
            .Select(p => p.Document!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
        {
            return null;
        }

        // While the module is off every model gets placeholders, and the trace says so once, as for every module.
        var images = await UsesModuleAsync(ChatModuleNames.Multimodal) && model.AcceptsImages;

        var documents = (await session.ListDocumentsAsync()).ToDictionary(d => d.Filename, StringComparer.Ordinal);
        var contents = new Dictionary<string, AIContent>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!documents.TryGetValue(name, out var document))
            {
                contents[name] = new TextContent($"[document: {name}, no longer stored]");
                continue;
            }

            var media = MediaInfo.Of(document);
            contents[name] = images && MediaKinds.Of(document.MimeType) == MediaKinds.Image && media is not { Status: MediaStatuses.Failed }
                ? new DataContent(await session.GetDocumentAsync(name), ImageMediaType(document, media)) { Name = name }
                : new TextContent(MediaInfo.Placeholder(name, document.MimeType, document.Size, media));
        }

        return part => contents.GetValueOrDefault(part.Document!);
    }

    /// <summary>The format read from the header when the module described the image; otherwise the type it was stored with.</summary>
    private static string ImageMediaType(DocumentInfo document, MediaInfo? media) =>
        media is { Status: MediaStatuses.Analyzed, Format: { } format } ? "image/" + format : document.MimeType.Split(';', 2)[0].Trim();
}
