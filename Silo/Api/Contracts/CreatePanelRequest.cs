using System.Text.Json;

namespace ChatDb.Silo.Api.Contracts;

/// <summary>Body of <c>POST /panels</c>.</summary>
public sealed record CreatePanelRequest(string? Type, IReadOnlyList<string>? Personas, Dictionary<string, JsonElement>? Config);
