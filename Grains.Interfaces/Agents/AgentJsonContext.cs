using System.Text.Json;
using System.Text.Json.Serialization;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Serialization;

/// <summary>Source-generated JSON metadata of the agent records on the wire and in REST (web defaults: camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AgentDefinition))]
[JsonSerializable(typeof(Agent))]
[JsonSerializable(typeof(IReadOnlyList<Agent>))]
[JsonSerializable(typeof(AgentVersionInfo))]
[JsonSerializable(typeof(IReadOnlyList<AgentVersionInfo>))]
[JsonSerializable(typeof(AgentRunRequest))]
[JsonSerializable(typeof(AgentApprovalDecision))]
[JsonSerializable(typeof(AgentRun))]
[JsonSerializable(typeof(IReadOnlyList<AgentRun>))]
[JsonSerializable(typeof(AgentRunUpdate))]
[JsonSerializable(typeof(AgentTraceEvent))]
[JsonSerializable(typeof(IReadOnlyList<AgentTraceEvent>))]
[JsonSerializable(typeof(PanelAgent))]
[JsonSerializable(typeof(PanelRunRequest))]
[JsonSerializable(typeof(PanelRun))]
[JsonSerializable(typeof(IReadOnlyList<PanelRun>))]
[JsonSerializable(typeof(PanelTraceEvent))]
[JsonSerializable(typeof(IReadOnlyList<PanelTraceEvent>))]
[JsonSerializable(typeof(ModelInfo))]
[JsonSerializable(typeof(IReadOnlyList<ModelInfo>))]
public sealed partial class AgentJsonContext : JsonSerializerContext;
