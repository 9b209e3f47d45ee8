using System.Globalization;
using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Agents.Tools;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Ids;

namespace ChatDb.Grains.Agents;

/// <summary>Checks an <see cref="AgentDefinition"/> before it becomes a version; every error names the field and the rule.</summary>
internal static class AgentDefinitionRules
{
    /// <summary>The longest instructions an agent may have, in characters.</summary>
    public const int MaxInstructionsLength = 100_000;

    /// <summary>The longest description, in characters.</summary>
    public const int MaxDescriptionLength = 4_000;

    public const double MaxTemperature = 2.0;

    public static Agent Create(AgentDefinition definition, string agentId, string? userId, int version, DateTimeOffset now, ModelRegistry models, AgentToolCatalog catalog, string subject)
    {
        if (definition is null)
        {
            throw new ValidationError($"{subject}: the agent definition is missing.");
        }

        var instructions = definition.Instructions;
        if (string.IsNullOrWhiteSpace(instructions))
        {
            throw new ValidationError($"{subject}: instructions are rejected by rule 'not-empty': they must not be empty or blank.");
        }

        if (instructions.Length > MaxInstructionsLength)
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture,
                $"{subject}: instructions are rejected by rule 'max-length': at most {MaxInstructionsLength} characters ({instructions.Length} given)."));
        }

        var name = definition.Name is null ? agentId : TextRules.Require(definition.Name, "name", TextRules.MaxTitleLength, subject);
        if (definition.Description is { Length: > MaxDescriptionLength } description)
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture,
                $"{subject}: description is rejected by rule 'max-length': at most {MaxDescriptionLength} characters ({description.Length} given)."));
        }

        var persona = definition.Persona is null ? null : EntityIdValidator.Validate(definition.Persona, "persona id");
        var model = definition.Model ?? ModelRegistry.DefaultName;
        var entry = models.Get(model, subject);
        if (entry.Kind != ModelKinds.Chat)
        {
            throw new ValidationError($"{subject}: model '{model}' is of kind '{entry.Kind}' (rule: chat-model); an agent needs a model of kind '{ModelKinds.Chat}'.");
        }

        var history = definition.HistoryTokens ?? Agent.DefaultHistoryTokens;
        if (history < 1 || history > Agent.MaxHistoryTokens)
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture,
                $"{subject}: historyTokens {history} is rejected by rule 'range': it must be from 1 to {Agent.MaxHistoryTokens}."));
        }

        CheckOptions(definition.ModelOptions, subject);
        var tools = Tools(definition.Tools, catalog, subject);
        return new Agent(agentId, userId, version, name, definition.Description, instructions, persona, model,
            definition.ModelOptions, tools, history, now)
        {
            ApprovalRequired = ApprovalRequired(definition.ApprovalRequired, tools, subject),
            Memory = Memory(definition.Memory, subject),
            Knowledge = Knowledge(definition.Knowledge, subject),
        };
    }

    private static AgentMemorySettings Memory(AgentMemorySettings? memory, string subject)
    {
        if (memory is null)
        {
            return AgentMemorySettings.Off;
        }

        if (memory.Recall < 0 || memory.Recall > AgentMemorySettings.MaxRecall)
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture,
                $"{subject}: memory.recall {memory.Recall} is rejected by rule 'range': it must be from 0 (no recall) to {AgentMemorySettings.MaxRecall}."));
        }

        return memory == AgentMemorySettings.Off ? AgentMemorySettings.Off : memory;
    }

    private static AgentKnowledgeSettings Knowledge(AgentKnowledgeSettings? knowledge, string subject)
    {
        if (knowledge is null)
        {
            return AgentKnowledgeSettings.Off;
        }

        if (knowledge.Retrieve < 0 || knowledge.Retrieve > AgentKnowledgeSettings.MaxRetrieve)
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture,
                $"{subject}: knowledge.retrieve {knowledge.Retrieve} is rejected by rule 'range': it must be from 0 (no retrieval) to {AgentKnowledgeSettings.MaxRetrieve}."));
        }

        var scope = string.IsNullOrEmpty(knowledge.Scope) ? AgentKnowledgeSettings.UserScope : knowledge.Scope;
        if (scope is not (AgentKnowledgeSettings.UserScope or AgentKnowledgeSettings.SessionScope))
        {
            throw new ValidationError(
                $"{subject}: knowledge.scope '{scope}' is rejected by rule 'one-of': it must be '{AgentKnowledgeSettings.UserScope}' or '{AgentKnowledgeSettings.SessionScope}'.");
        }

        return knowledge.Retrieve == 0 ? AgentKnowledgeSettings.Off : knowledge with { Scope = scope };
    }

    private static void CheckOptions(AgentModelOptions? options, string subject)
    {
        if (options?.Temperature is { } temperature && (double.IsNaN(temperature) || temperature < 0 || temperature > MaxTemperature))
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture,
                $"{subject}: modelOptions.temperature {temperature} is rejected by rule 'range': it must be from 0 to {MaxTemperature}."));
        }

        if (options?.MaxOutputTokens is { } max && max < 1)
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture,
                $"{subject}: modelOptions.maxOutputTokens {max} is rejected by rule 'range': it must be at least 1."));
        }
    }

    private static List<string> Tools(IReadOnlyList<string>? tools, AgentToolCatalog catalog, string subject)
    {
        var known = new List<string>();
        foreach (var tool in tools ?? [])
        {
            if (tool is null || !catalog.IsKnown(tool))
            {
                throw new ValidationError(
                    $"{subject}: tool {IdText.Escape(tool ?? "null")} is unknown (rule: known-tool); the tools are {string.Join(", ", catalog.Names)}.");
            }

            if (!known.Contains(tool, StringComparer.Ordinal))
            {
                known.Add(tool);
            }
        }

        return known;
    }

    /// <summary>Every name must be one of the agent's <paramref name="tools"/>: an approval rule for a tool it cannot call is a mistake.</summary>
    private static List<string> ApprovalRequired(IReadOnlyList<string>? names, List<string> tools, string subject)
    {
        var approvals = new List<string>();
        foreach (var name in names ?? [])
        {
            if (name is null || !tools.Contains(name, StringComparer.Ordinal))
            {
                throw new ValidationError(
                    $"{subject}: approvalRequired names {IdText.Escape(name ?? "null")}, which is not one of the agent's tools (rule: approval-of-own-tool); its tools are [{string.Join(", ", tools)}].");
            }

            if (!approvals.Contains(name, StringComparer.Ordinal))
            {
                approvals.Add(name);
            }
        }

        return approvals;
    }
}
