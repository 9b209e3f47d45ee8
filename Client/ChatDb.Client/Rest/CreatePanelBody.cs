using System.Text.Json;
using System.Text.Json.Serialization;
using ChatDb.Grains.Models;

namespace ChatDb.Client;

/// <summary>The body of <c>POST /panels</c>; <see cref="Agents"/> left out when there are none.</summary>
internal sealed record CreatePanelBody(string Type, IReadOnlyList<string> Personas, Dictionary<string, JsonElement>? Config)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<PanelAgent>? Agents { get; init; }
}
