using System.CommandLine;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Storage;

namespace ChatDb.Cli.Commands.Data;

/// <summary><c>chatdb panel create|list|get|update|delete|analytics|add|messages|insight</c>.</summary>
internal static class PanelCommands
{
    public static Command Create()
    {
        var type = new Option<string>("--type") { Description = "Panel type, e.g. multi_persona.", DefaultValueFactory = _ => "multi_persona" };
        var personas = new Option<string[]>("--persona") { Description = "A persona taking part (repeat for more)." };
        var agents = new Option<string[]>("--agent") { Description = "A user's agent taking part, user/agent (repeat for more)." };
        var config = new Option<string>("--config") { Description = "Panel configuration as a JSON object, or @file.json." };
        var create = new Command("create", "Create a panel of personas, agents or both; prints its id.") { type, personas, agents, config };
        create.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel create", async (client, output, cancel) =>
        {
            var panelAgents = AgentsOf(parse.GetValue(agents), "--agent") ?? [];
            var configObject = JsonArgs.OptionalObject(parse.GetValue(config), "--config");
            var panel = panelAgents.Count == 0
                ? await client.CreatePanelAsync(parse.GetValue(type)!, parse.GetValue(personas) ?? [], configObject, cancel).ConfigureAwait(false)
                : await client.CreateAgentPanelAsync(parse.GetValue(type)!, parse.GetValue(personas), panelAgents, configObject, cancel).ConfigureAwait(false);
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
        var messages = new Command("messages", "List a panel's messages, oldest first.") { panelId, limit, offset };
        messages.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel messages", async (client, output, cancel) =>
        {
            var list = await client.GetPanelMessagesAsync(parse.GetValue(panelId)!, parse.GetValue(limit), parse.GetValue(offset), cancel).ConfigureAwait(false);
            await output.WriteAsync(list, ChatDbJsonContext.Default.IReadOnlyListChatMessage, MessageCommands.Lines).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var typeFilter = new Option<string>("--type") { Description = "Only panels of this type." };
        var list = new Command("list", "List the panels, newest first.") { limit, offset, typeFilter };
        list.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel list", async (client, output, cancel) =>
        {
            var panels = await client.ListPanelsAsync(parse.GetValue(limit), parse.GetValue(offset), parse.GetValue(typeFilter), cancel).ConfigureAwait(false);
            await output.WriteAsync(panels, ChatDbJsonContext.Default.IReadOnlyListPanel,
                all => all.Select(p => $"{p.Id}  {p.Type}  {string.Join(",", p.Personas)}  {Text.Time(p.CreatedAt)}")).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var get = new Command("get", "Show a panel.") { panelId };
        get.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel get", async (client, output, cancel) =>
        {
            var id = parse.GetValue(panelId)!;
            var panel = await client.GetPanelAsync(id, cancel).ConfigureAwait(false) ?? throw new NotFoundError($"panel {id} does not exist.");
            await output.WriteAsync(panel, ChatDbJsonContext.Default.Panel, Lines).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var addPersona = new Option<string[]>("--add-persona") { Description = "A persona to add (repeat for more)." };
        var removePersona = new Option<string[]>("--remove-persona") { Description = "A persona to take out (repeat for more); its messages stay." };
        var addAgent = new Option<string[]>("--add-agent") { Description = "A user's agent to add, user/agent (repeat for more)." };
        var removeAgent = new Option<string[]>("--remove-agent") { Description = "A user's agent to take out, user/agent (repeat for more); its messages stay." };
        var configPatch = new Option<string>("--config") { Description = "Configuration changes as a JSON object (merged; null removes a key), or @file.json." };
        var update = new Command("update", "Change a panel's configuration, personas or agents.") { panelId, configPatch, addPersona, removePersona, addAgent, removeAgent };
        update.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel update", async (client, output, cancel) =>
        {
            var patch = new PanelPatch
            {
                Config = JsonArgs.OptionalObject(parse.GetValue(configPatch), "--config"),
                AddPersonas = parse.GetValue(addPersona) is { Length: > 0 } added ? added : null,
                RemovePersonas = parse.GetValue(removePersona) is { Length: > 0 } removed ? removed : null,
                AddAgents = AgentsOf(parse.GetValue(addAgent), "--add-agent"),
                RemoveAgents = AgentsOf(parse.GetValue(removeAgent), "--remove-agent"),
            };
            if (patch.Config is null && patch.AddPersonas is null && patch.RemovePersonas is null && patch.AddAgents is null && patch.RemoveAgents is null)
            {
                throw new ValidationError("panel update needs --config, --add-persona, --remove-persona, --add-agent or --remove-agent.");
            }

            var panel = await client.UpdatePanelAsync(parse.GetValue(panelId)!, patch, cancel).ConfigureAwait(false);
            await output.WriteAsync(panel, ChatDbJsonContext.Default.Panel, Lines).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var purge = new Option<bool>("--purge") { Description = "Erase at once instead of moving the panel to the trash." };
        var delete = new Command("delete", "Delete a panel: into the trash when the silo keeps one (Storage:BackupBeforeDelete), else erased.") { panelId, purge };
        delete.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel delete", async (client, output, cancel) =>
        {
            var report = await client.DeletePanelAsync(parse.GetValue(panelId)!, parse.GetValue(purge), cancel).ConfigureAwait(false);
            await output.WriteAsync(report, ChatDbJsonContext.Default.PanelDeletionReport, r =>
                [$"{(r.TrashedAt is null ? "deleted panel " + r.PanelId : $"moved panel {r.PanelId} to the trash")}: {r.Messages} message(s), {r.Insights} insight(s)"]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var analytics = new Command("analytics", "Messages per role, turns, first and last activity, insights.") { panelId };
        analytics.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel analytics", async (client, output, cancel) =>
        {
            var figures = await client.GetPanelAnalyticsAsync(parse.GetValue(panelId)!, cancel).ConfigureAwait(false);
            await output.WriteAsync(figures, ChatDbJsonContext.Default.PanelAnalytics, a =>
            [
                $"messages: {a.Messages}  turns: {a.Turns}  insights: {a.Insights}",
                $"activity: {(a.FirstActivity is { } first ? Text.Time(first) : "-")} .. {(a.LastActivity is { } last ? Text.Time(last) : "-")}",
                .. a.MessagesByRole.Select(r => $"  {r.Key}: {r.Value}"),
            ]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        return DataOptions.Group("panel", "Multi-persona panels and their multi-agent runs.",
            [create, list, get, update, delete, analytics, add, messages, InsightCommand(), EventCommands.PanelEvents(), .. PanelRunCommands.Create()]);
    }

    /// <summary>The agents of an option's values (<c>user/agent</c> each); null when none was given.</summary>
    private static List<PanelAgent>? AgentsOf(string[]? values, string option) => values is { Length: > 0 }
        ? [.. values.Select(a => PanelAgent.FromRole(a) ?? throw new ValidationError($"{option} {a} is rejected by rule 'agent-role': it must be user/agent."))]
        : null;

    /// <summary><c>chatdb panel insight add|list</c>.</summary>
    private static Command InsightCommand()
    {
        var panelId = new Argument<string>("panel-id") { Description = "The panel id (panel_...)." };
        var data = new Argument<string>("insight") { Description = "The insight as a JSON object, or @file.json." };
        var add = new Command("add", "Save an insight of the panel; prints its id.") { panelId, data };
        add.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel insight add", async (client, output, cancel) =>
        {
            var insight = await client.SavePanelInsightAsync(parse.GetValue(panelId)!, JsonArgs.Object(parse.GetValue(data)!, "the insight"), cancel).ConfigureAwait(false);
            await output.WriteAsync(insight, ChatDbJsonContext.Default.PanelInsight, i => [i.Id]).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        var list = new Command("list", "List the panel's insights, oldest first.") { panelId };
        list.SetAction((parse, token) => DataRunner.RunAsync(parse, "panel insight list", async (client, output, cancel) =>
        {
            var insights = await client.ListPanelInsightsAsync(parse.GetValue(panelId)!, cancel).ConfigureAwait(false);
            await output.WriteAsync(insights, ChatDbJsonContext.Default.IReadOnlyListPanelInsight,
                all => all.Select(i => $"{i.Id}  {Text.Time(i.CreatedAt)}  {Text.Map(i.Data)}")).ConfigureAwait(false);
            return DataRunner.Ok;
        }, token));

        return new Command("insight", "A panel's insights.") { add, list };
    }

    private static IEnumerable<string> Lines(Panel panel) =>
    [
        $"id:       {panel.Id}",
        $"type:     {panel.Type}",
        $"personas: {string.Join(", ", panel.Personas)}",
        $"created:  {Text.Time(panel.CreatedAt)}",
        $"config:   {Text.Map(panel.Config)}",
    ];
}
