using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Storage;

namespace ChatDb.Cli.Commands.Data;

/// <summary><c>chatdb message add-batch|tokens</c>.</summary>
internal static class MessageBatchCommands
{
    public static Command AddBatch(Argument<string> userId, Argument<string> sessionId)
    {
        var file = new Option<string>("--file")
        {
            Description = "A JSONL file, one message per line as the REST API takes it ({\"role\":...,\"content\":...}); - reads standard input.",
            Required = true,
        };
        var command = new Command("add-batch", "Append the file's messages all or none, in one durable write; prints their sequence numbers.")
        {
            userId, sessionId, file,
        };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "message add-batch", async (client, output, cancel) =>
        {
            var path = parse.GetValue(file)!;
            var text = path == "-" ? await Console.In.ReadToEndAsync(cancel).ConfigureAwait(false) : await File.ReadAllTextAsync(path, cancel).ConfigureAwait(false);
            var messages = ReadLines(text, path);
            var added = await client.AddMessagesAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, messages, cancel).ConfigureAwait(false);
            await output.WriteAsync(added, ChatDbJsonContext.Default.IReadOnlyListChatMessage, all => all.Select(m => $"#{m.Seq} {m.Id}")).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    public static Command Tokens(Argument<string> userId, Argument<string> sessionId)
    {
        var command = new Command("tokens", "Show how many messages and tokens the session holds.") { userId, sessionId };
        command.SetAction((parse, token) => DataRunner.RunAsync(parse, "message tokens", async (client, output, cancel) =>
        {
            var totals = await client.GetMessageTokensAsync(parse.GetValue(userId)!, parse.GetValue(sessionId)!, cancel).ConfigureAwait(false);
            await output.WriteAsync(totals, ChatDbJsonContext.Default.MessageTokenTotals,
                t => [string.Create(CultureInfo.InvariantCulture, $"{t.Tokens} tokens ({t.Encoding}) in {t.Messages} messages")]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));
        return command;
    }

    /// <summary>The messages of a JSONL text; blank lines are skipped, a bad line is named by its number.</summary>
    internal static IReadOnlyList<NewMessage> ReadLines(string text, string source)
    {
        var messages = new List<NewMessage>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                messages.Add(JsonSerializer.Deserialize(line, ChatDbJsonContext.Default.NewMessage)
                    ?? throw new ValidationError(string.Create(CultureInfo.InvariantCulture, $"{source} line {i + 1} is null, not a message.")));
            }
            catch (JsonException e)
            {
                throw new ValidationError(string.Create(CultureInfo.InvariantCulture, $"{source} line {i + 1} is not a message: {e.Message}"), e);
            }
        }

        return messages;
    }
}
