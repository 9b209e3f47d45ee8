using System.CommandLine;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Cli.Commands.Data;

/// <summary><c>chatdb panel create|add|list</c>.</summary>
internal static class PanelCommands
{
    public static Command Create()
    {
        var type = new Option<string>("--type") { Description = "Panel type, e.g. multi_persona.", DefaultValueFactory = _ => "multi_persona" };
        var personas = new Option<string[]>("--persona") { Description = "A persona taking part (repeat for more).", Required = true };
        var config = new Option<string>("--config") { Description = "Panel configuration as a JSON object, or @file.json." };
        var create = new Command("create", "Create a panel; prints its id.") { type, personas, config };
        create.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel create", async (client, output, cancel) =>
        {
            var panel = await client.CreatePanelAsync(parse.GetValue(type)!, parse.GetValue(personas)!,
                JsonArgs.OptionalObject(parse.GetValue(config), "--config"), cancel).ConfigureAwait(false);
            await output.WriteAsync(panel, ChatDbJsonContext.Default.Panel, p => [p.Id]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var panelId = new Argument<string>("panel-id") { Description = "The panel id (panel_...)." };
        var role = new Argument<string>("role") { Description = "A persona of the panel, or user, system, moderator." };
        var content = new Argument<string>("content") { Description = "The message text." };
        var add = new Command("add", "Add a message to a panel.") { panelId, role, content };
        add.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel add", async (client, output, cancel) =>
        {
            var message = new NewMessage { Role = parse.GetValue(role)!, Content = parse.GetValue(content)! };
            var added = await client.AddPanelMessageAsync(parse.GetValue(panelId)!, message, cancel).ConfigureAwait(false);
            await output.WriteAsync(added, ChatDbJsonContext.Default.ChatMessage, m => [$"#{m.Seq} {m.Id}"]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var limit = new Option<int?>("--limit") { Description = "At most this many." };
        var offset = new Option<int>("--offset") { Description = "Skip this many." };
        var list = new Command("list", "List a panel's messages, oldest first.") { panelId, limit, offset };
        list.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel list", async (client, output, cancel) =>
        {
            var messages = await client.GetPanelMessagesAsync(parse.GetValue(panelId)!, parse.GetValue(limit), parse.GetValue(offset), cancel).ConfigureAwait(false);
            await output.WriteAsync(messages, ChatDbJsonContext.Default.IReadOnlyListChatMessage, MessageCommands.Lines).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        return DataOptions.Group("panel", "Multi-persona panels.", create, add, list, EventCommands.PanelEvents());
    }
}
