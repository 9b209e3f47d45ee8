using System.CommandLine;
using System.Globalization;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Storage;

namespace ChatDb.Cli.Commands.Data;

/// <summary><c>chatdb knowledge put|list|rm</c> and <c>chatdb retrieve</c>: a user's knowledge base and retrieval (docs/RAG.md).</summary>
internal static class KnowledgeCommands
{
    public static Command Create()
    {
        var userId = new Argument<string>("user-id") { Description = "The owner of the knowledge base." };
        return DataOptions.Group("knowledge", "A user's knowledge base: documents extracted, chunked and indexed for retrieval.",
            PutCommand(userId), ListCommand(userId), RemoveCommand(userId));
    }

    /// <summary><c>chatdb retrieve</c>: the chunks that best answer a query.</summary>
    public static Command CreateRetrieve()
    {
        var userId = new Argument<string>("user-id") { Description = "Whose documents to search." };
        var query = new Argument<string>("query") { Description = "A question or a few words." };
        var k = new Option<int?>("--k") { Description = $"How many chunks, 1 to {KnowledgeQuery.MaxK} (default {KnowledgeQuery.DefaultK})." };
        var session = new Option<string>("--session") { Description = "Search this session's documents instead of the knowledge base." };
        var command = new Command("retrieve", "The document chunks that best answer the query, best first, with filename, position and score.")
            { userId, query, k, session };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "retrieve", async (client, output, cancel) =>
        {
            var hits = await client.RetrieveAsync(parse.GetValue(userId)!, parse.GetValue(query)!, parse.GetValue(k), parse.GetValue(session), cancel)
                .ConfigureAwait(false);
            await output.WriteAsync(hits, KnowledgeJsonContext.Default.IReadOnlyListKnowledgeHit, all => all.Select(h =>
                $"{h.Score.ToString("0.0000", CultureInfo.InvariantCulture)}  {h.Filename}#{h.Position}  {Text.OneLine(h.Chunk)}")).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static Command PutCommand(Argument<string> userId)
    {
        var file = new Argument<FileInfo>("file") { Description = "The file to upload (text, Markdown, HTML or PDF)." };
        var name = new Option<string>("--name") { Description = "Store it under this name (default: the file's name)." };
        var contentType = new Option<string>("--content-type") { Description = "The format's media type (default: told by the extension)." };
        var command = new Command("put", "Upload a document to the knowledge base (replacing one of the same name); prints its status.")
            { userId, file, name, contentType };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "knowledge put", async (client, output, cancel) =>
        {
            var source = parse.GetValue(file)!;
            var content = await File.ReadAllBytesAsync(source.FullName, cancel).ConfigureAwait(false);
            var result = await client.PutKnowledgeAsync(parse.GetValue(userId)!, parse.GetValue(name) ?? source.Name, content, parse.GetValue(contentType), cancel)
                .ConfigureAwait(false);
            await output.WriteAsync(result, KnowledgeJsonContext.Default.KnowledgePutResult,
                r => [$"{r.Filename}  {r.Status}{(r.Reason is null ? string.Empty : "  " + r.Reason)}"]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static Command ListCommand(Argument<string> userId)
    {
        var command = new Command("list", "List the knowledge documents with status, chunk count and size.") { userId };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "knowledge list", async (client, output, cancel) =>
        {
            var documents = await client.ListKnowledgeAsync(parse.GetValue(userId)!, cancel).ConfigureAwait(false);
            await output.WriteAsync(documents, KnowledgeJsonContext.Default.IReadOnlyListKnowledgeDocument, all => all.Select(d =>
                $"{d.Filename}  {d.Status}  {d.Chunks} chunks  {d.Bytes} bytes{(d.Reason is null ? string.Empty : "  " + d.Reason)}")).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    private static Command RemoveCommand(Argument<string> userId)
    {
        var filename = new Argument<string>("filename") { Description = "The document's name in the knowledge base." };
        var command = new Command("rm", "Remove a document with its text and chunks.") { userId, filename };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "knowledge rm", async (client, output, cancel) =>
        {
            var (user, name) = (parse.GetValue(userId)!, parse.GetValue(filename)!);
            if (!await client.DeleteKnowledgeAsync(user, name, cancel).ConfigureAwait(false))
            {
                throw new NotFoundError($"the knowledge base of user {user} has no document {name}.");
            }

            await output.WriteDoneAsync($"removed {name}").ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }
}
