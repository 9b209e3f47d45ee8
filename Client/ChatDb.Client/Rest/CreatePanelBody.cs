using System.Text.Json;

namespace ChatDb.Client;

/// <summary>The body of <c>POST /panels</c>.</summary>
internal sealed record CreatePanelBody(string Type, IReadOnlyList<string> Personas, Dictionary<string, JsonElement>? Config);
