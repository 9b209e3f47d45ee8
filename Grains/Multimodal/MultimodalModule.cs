using ChatDb.Grains.Media;
using ChatDb.Grains.Modules;

namespace ChatDb.Grains.Multimodal;

/// <summary>
/// multimodal: images, audio and video as message content (docs/MULTIMODAL.md). Image documents get their format,
/// dimensions and a thumbnail; audio and video their media type and size; agent runs give images to models that accept
/// them. The documents themselves stay the session's (uploads are <c>rag</c>'s routes); the module owns the thumbnail route.
/// </summary>
public static class MultimodalModule
{
    /// <summary>The route prefixes of the module: longer than <c>rag</c>'s documents prefix, so this one route is the module's.</summary>
    public static IReadOnlyList<string> Routes { get; } =
    [
        "/users/{userId}/sessions/{sessionId}/documents/{filename}/thumbnail",
    ];

    public static ChatModule Descriptor { get; } = new(ChatModuleNames.Multimodal, "1.0.0",
        "Images, audio and video as content: image metadata and thumbnails, images given to models that accept them.")
    {
        Routes = Routes,
        DataDirectories = ["users/{user_id}/chat_session_*/documents/analysis/thumbnails/"],
        Services = [typeof(IMediaAnalyzer)],
        Namespace = "ChatDb.Grains.Multimodal",
    };
}
