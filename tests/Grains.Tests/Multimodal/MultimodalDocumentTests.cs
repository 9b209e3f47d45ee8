using ChatDb.Grains.Models;
using ChatDb.Grains.Modules;
using ChatDb.Grains.Multimodal;
using ChatDb.Grains.Tests.Flatfile;
using ChatDb.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using SkiaSharp;

namespace ChatDb.Grains.Tests.Multimodal;

/// <summary>Image documents on the flatfile provider: the media entry, the thumbnail in the documented layout, and the module switched off.</summary>
public sealed class MultimodalDocumentTests
{
    /// <summary>The multimodal module registered off, as <c>Modules:multimodal:Enabled=false</c> does.</summary>
    internal static void MultimodalOff(ISiloBuilder silo)
    {
        var registered = silo.Services.Single(d => d.ServiceType == typeof(ChatModule) && ((ChatModule)d.ImplementationInstance!).Name == ChatModuleNames.Multimodal);
        silo.Services.Remove(registered);
        silo.Services.AddSingleton(MultimodalModule.Descriptor with { Enabled = false });
    }

    [Fact]
    public async Task AnImage_GetsItsMediaEntry_AndAThumbnailBesideTheDocuments()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var session = await chat.User("alice").CreateSessionAsync(null, null);
        var photo = TestImages.Encode(SKEncodedImageFormat.Jpeg, 300, 1200);

        var stored = await chat.Session(session).SaveDocumentAsync("photo.jpg", photo, null, null);
        var thumbnail = await chat.Session(session).GetDocumentThumbnailAsync("photo.jpg");

        var media = MediaInfo.Of(stored)!;
        Assert.Equal<(string?, int?, int?, bool)>(("jpeg", 300, 1200, true), (media.Format, media.Width, media.Height, media.Thumbnail));
        var file = $"users/alice/{session.Id}/documents/analysis/thumbnails/photo.jpg.png";
        Assert.Contains(file, chat.ListFiles());
        Assert.Equal(thumbnail, await File.ReadAllBytesAsync(chat.PathOf(file)));
        using var decoded = SKBitmap.Decode(thumbnail);
        Assert.Equal((64, 256), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task ACorruptImage_IsStoredWithAFailedEntry_AndItsThumbnailIsNotFoundNamingWhy()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var session = await chat.User("alice").CreateSessionAsync(null, null);

        var stored = await chat.Session(session).SaveDocumentAsync("broken.png", "not a picture at all"u8.ToArray(), null, null);
        var error = await Assert.ThrowsAsync<NotFoundError>(() => chat.Session(session).GetDocumentThumbnailAsync("broken.png"));

        Assert.Equal(MediaStatuses.Failed, MediaInfo.Of(stored)!.Status);
        Assert.Contains("header could not be read", error.Message, StringComparison.Ordinal);
        Assert.Equal("not a picture at all"u8.ToArray(), await chat.Session(session).GetDocumentAsync("broken.png"));
        Assert.DoesNotContain(chat.ListFiles(), f => f.Contains("/thumbnails/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithTheModuleOff_AnImageIsStoredUndescribed_AndItsThumbnailIsModuleDisabled()
    {
        await using var chat = await FlatfileChatCluster.StartAsync(configureSilo: MultimodalOff);
        var session = await chat.User("alice").CreateSessionAsync(null, null);

        var stored = await chat.Session(session).SaveDocumentAsync("photo.png", TestImages.Encode(SKEncodedImageFormat.Png, 32, 32), null, null);
        var error = await Assert.ThrowsAsync<ModuleDisabledError>(() => chat.Session(session).GetDocumentThumbnailAsync("photo.png"));

        Assert.Null(MediaInfo.Of(stored));
        Assert.Equal("The multimodal module is disabled in this deployment", error.Message);
        Assert.Contains($"users/alice/{session.Id}/documents/photo.png", chat.ListFiles());
        Assert.DoesNotContain(chat.ListFiles(), f => f.Contains("/thumbnails/", StringComparison.Ordinal));
    }
}
