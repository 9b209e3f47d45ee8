using ChatDb.Grains.Modules;

namespace ChatDb.Grains.Multimodal;

/// <summary>
/// multimodal: images, audio and video as message content. Nothing of it is built yet: the module is listed and can be
/// switched, and owns no route, grain or data.
/// </summary>
public static class MultimodalModule
{
    public static ChatModule Descriptor { get; } = new(ChatModuleNames.Multimodal, "0.1.0",
        "Image, audio and video handling. Not built yet: listed and switchable, it owns no route, grain or data.");
}
