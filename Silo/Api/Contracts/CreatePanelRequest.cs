using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace ChatDb.Silo.Api.Contracts;

/// <summary>
/// Body of <c>POST /panels</c>. Nullable so a missing field gets the handler's message; <c>[Required]</c> tells the OpenAPI
/// document. A panel has personas, agents (<c>{userId, agentId}</c>, docs/MULTI_AGENT.md) or both.
/// </summary>
public sealed record CreatePanelRequest(
    [property: Required] string? Type,
    IReadOnlyList<string>? Personas,
    Dictionary<string, JsonElement>? Config,
    IReadOnlyList<ChatDb.Grains.Models.PanelAgent>? Agents = null);
