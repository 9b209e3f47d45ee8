using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace ChatDb.Silo.Api.OpenApi;

/// <summary>
/// One record of an export (docs/OPERATIONS.md §2) as the document declares it: an object whose <c>kind</c> names it
/// (header, end, or a record kind); the ids and payload depend on the kind.
/// </summary>
internal static class ExportRecordSchema
{
    public static OpenApiSchema Record() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "One export record: {\"kind\":\"header\",...} first, {\"kind\":\"end\",\"records\":N,\"counts\":{...}} last, "
            + "and between them {\"kind\":K, ids..., \"data\":{...}} or a file chunk with content_base64.",
        Required = new HashSet<string> { "kind" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["kind"] = new OpenApiSchema { Type = JsonSchemaType.String },
        },
    };

    public static JsonObject HeaderExample() => new()
    {
        ["kind"] = "header",
        ["format"] = ChatDb.Storage.Flatfile.Maintenance.ExportFormat.FormatName,
        ["version"] = ChatDb.Storage.Flatfile.Maintenance.ExportFormat.Version,
    };
}
