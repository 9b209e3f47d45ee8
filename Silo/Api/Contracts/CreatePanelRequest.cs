using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace ChatDb.Silo.Api.Contracts;

/// <summary>Body of <c>POST /panels</c>. Nullable so a missing field gets the handler's message; <c>[Required]</c> tells the OpenAPI document.</summary>
public sealed record CreatePanelRequest(
    [property: Required] string? Type,
    [property: Required] IReadOnlyList<string>? Personas,
    Dictionary<string, JsonElement>? Config);
