using ChatDb.Storage;
using System.CommandLine;
using System.Text.Json;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Cli.Commands.Data;

/// <summary><c>chatdb document put|get|list|analysis|media|thumbnail</c>.</summary>
internal static class DocumentCommands
{
    public static Command Create()
    {
        var userId = new Argument<string>("user-id") { Description = "The owner." };
        var sessionId = new Argument<string>("session-id") { Description = "The session id." };
        var file = new Argument<FileInfo>("file") { Description = "The file to upload." };
        var name = new Option<string>("--name") { Description = "Store it under this name (default: the file's name)." };
        var mime = new Option<string>("--mime-type") { Description = "Content type (default: guessed from the extension)." };
        var ifMatch = ETagArgs.IfMatchOption();
        var put = new Command("put", "Upload a document to a session.") { userId, sessionId, file, name, mime, ifMatch };
        put.SetAction((parse, token) => DataRunner.RunAsync(parse, "document put", async (client, output, cancel) =>
        {
            var source = parse.GetValue(file)!;
            var content = await File.ReadAllBytesAsync(source.FullName, cancel).ConfigureAwait(false);
            var document = await client.SaveDocumentIfMatchAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, parse.GetValue(name) ?? source.Name, content,
                parse.GetValue(mime), ETagArgs.IfMatch(parse.GetValue(ifMatch)), cancel).ConfigureAwait(false);
            await output.WriteAsync(document.Value, ChatDbJsonContext.Default.DocumentInfo, d => [Line(d)]).ConfigureAwait(false);
            await ETagArgs.WriteAsync(output, document).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var filename = new Argument<string>("filename") { Description = "The document's name in the session." };
        var destination = new Option<FileInfo>("--out", "-o") { Description = "Where to write it (default: ./{filename}; an existing file is not overwritten)." };
        var get = new Command("get", "Download a document.") { userId, sessionId, filename, destination };
        get.SetAction((parse, token) => DataRunner.RunAsync(parse, "document get", async (client, output, cancel) =>
        {
            var (user, session, document) = (parse.GetValue(userId)!, parse.GetValue(sessionId)!, parse.GetValue(filename)!);
            var (content, etag) = await client.GetDocumentWithETagAsync(user, session, document, cancel).ConfigureAwait(false)
                ?? throw new NotFoundError($"document {document} of session {session} of user {user} does not exist.");
            var path = parse.GetValue(destination)?.FullName ?? Path.Join(Directory.GetCurrentDirectory(), Path.GetFileName(document));
            await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
                await target.WriteAsync(content, cancel).ConfigureAwait(false);
            }

            await output.WriteDoneAsync($"wrote {content.Length} bytes to {path}").ConfigureAwait(false);
            await ETagArgs.WriteAsync(output, etag).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var list = new Command("list", "List the session's documents.") { userId, sessionId };
        list.SetAction((parse, token) => DataRunner.RunAsync(parse, "document list", async (client, output, cancel) =>
        {
            var documents = await client.ListDocumentsAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, cancel).ConfigureAwait(false);
            await output.WriteAsync(documents, ChatDbJsonContext.Default.IReadOnlyListDocumentInfo, all => all.Select(Line)).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var analysisJson = new Argument<string>("analysis") { Description = "Analysis to merge: a JSON object, inline or @file.json (a null value removes a key)." };
        var analysis = new Command("analysis", "Merge analysis results into a document's metadata; prints the document with its whole analysis.")
        {
            userId, sessionId, filename, analysisJson, ifMatch,
        };
        analysis.SetAction((parse, token) => DataRunner.RunAsync(parse, "document analysis", async (client, output, cancel) =>
        {
            var changes = JsonArgs.Object(parse.GetValue(analysisJson)!, "analysis");
            var document = await client.UpdateDocumentAnalysisIfMatchAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, parse.GetValue(filename)!, changes,
                ETagArgs.IfMatch(parse.GetValue(ifMatch)), cancel).ConfigureAwait(false);
            await output.WriteAsync(document.Value, ChatDbJsonContext.Default.DocumentInfo, d => [Line(d), $"analysis: {Text.Map(d.Analysis)}"]).ConfigureAwait(false);
            await ETagArgs.WriteAsync(output, document).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var media = new Command("media", "Show what the multimodal module found out about an image, audio or video document.")
        {
            userId, sessionId, filename,
        };
        media.SetAction((parse, token) => DataRunner.RunAsync(parse, "document media", async (client, output, cancel) =>
        {
            var info = await client.GetDocumentMediaAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, parse.GetValue(filename)!, cancel).ConfigureAwait(false);
            using var none = JsonDocument.Parse("null");
            var entry = new Dictionary<string, JsonElement> { [MediaInfo.AnalysisKey] = info?.ToJson() ?? none.RootElement.Clone() };
            await output.WriteAsync(entry, ChatDbJsonContext.Default.DictionaryStringJsonElement, _ => [MediaLine(parse.GetValue(filename)!, info)]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var thumbnailOut = new Option<FileInfo>("--out", "-o") { Description = "Where to write it (default: ./{filename}.png; an existing file is not overwritten)." };
        var thumbnail = new Command("thumbnail", "Save the thumbnail (PNG) of an image document.") { userId, sessionId, filename, thumbnailOut };
        thumbnail.SetAction((parse, token) => DataRunner.RunAsync(parse, "document thumbnail", async (client, output, cancel) =>
        {
            var document = parse.GetValue(filename)!;
            var png = await client.GetDocumentThumbnailAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, document, cancel).ConfigureAwait(false);
            var path = parse.GetValue(thumbnailOut)?.FullName ?? Path.Join(Directory.GetCurrentDirectory(), Path.GetFileName(document) + ".png");
            await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
                await target.WriteAsync(png, cancel).ConfigureAwait(false);
            }

            await output.WriteDoneAsync($"wrote {png.Length} bytes to {path}").ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        return DataOptions.Group("document", "Documents of a session.", put, get, list, analysis, media, thumbnail);
    }

    private static string MediaLine(string filename, MediaInfo? media) => media switch
    {
        null => $"{filename}: no media entry (not an image, audio or video, or stored while the multimodal module was off)",
        { Status: MediaStatuses.Failed } => $"{filename}: {media.Kind}, analysis failed: {media.Reason}",
        { Width: { } width, Height: { } height } =>
            $"{filename}: {media.Kind} {media.Format} {width}x{height}, {media.FrameCount ?? 1} frame(s), {media.Size} bytes, thumbnail {(media.Thumbnail ? "yes" : "no")}",
        _ => $"{filename}: {media.Kind} {media.MediaType}, {media.Size} bytes (no duration: audio and video are not parsed)",
    };

    private static string Line(DocumentInfo document) =>
        $"{document.Filename}  {document.Size} bytes  {document.MimeType}  {Text.Time(document.UploadedAt)}";
}
