using System.Text.Json.Nodes;
using ChatDb.Storage.Ids;
using Microsoft.OpenApi;

namespace ChatDb.Silo.Api.OpenApi;

/// <summary>
/// What the document says about each route parameter, by name: every id that becomes a path follows the storage's
/// id rules, and every one has an example. A route with a parameter missing here fails the contract test.
/// </summary>
public static class ApiPathParameters
{
    public const string UserIdExample = "alice";
    public const string PersonaIdExample = "tutor";
    public const string FilenameExample = "notes.txt";
    public const string AgentIdExample = "planner";
    public const string RunIdExample = "run_5f0c2a9e4b7d4e1f8a6b3c2d1e0f9a8b";
    public const string MemoryIdExample = "mem_3b9d1f0a7c2e4d5b8a6f1e0d9c8b7a65";

    /// <summary>Generated ids have the form <c>{prefix}_{UTC yyyyMMdd_HHmmss_ffffff}</c>.</summary>
    public static string SessionIdExample { get; } = EntityIdFormat.Default.Format(GeneratedIdKind.Session, ExampleInstant);

    public static string PanelIdExample { get; } = EntityIdFormat.Default.Format(GeneratedIdKind.Panel, ExampleInstant);

    private static DateTimeOffset ExampleInstant => new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    // ASCII letters, digits, '_', '-', '.', no dot first or last (EntityIdValidator; '.' and '..' fall under it).
    private const string IdPattern = "^[A-Za-z0-9_-]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$";

    private static readonly Dictionary<string, (string Description, Func<OpenApiSchema> Schema, JsonNode Example)> Known = new(StringComparer.Ordinal)
    {
        ["userId"] = ("The user's id, chosen by the caller.", IdSchema, UserIdExample),
        ["personaId"] = ("The persona's id, chosen by the caller.", IdSchema, PersonaIdExample),
        ["sessionId"] = ("A session id as the silo generated it: chat_session_{UTC yyyyMMdd_HHmmss_ffffff}.", IdSchema, SessionIdExample),
        ["panelId"] = ("A panel id as the silo generated it: panel_{UTC yyyyMMdd_HHmmss_ffffff}.", IdSchema, PanelIdExample),
        ["agentId"] = ("The agent's id, chosen by the caller.", IdSchema, AgentIdExample),
        ["runId"] = ("A run id as the silo generated it: run_ and 32 lower-case hex digits.", IdSchema, RunIdExample),
        ["memoryId"] = ("A memory id as the silo generated it: mem_ and 32 lower-case hex digits.", IdSchema, MemoryIdExample),
        ["filename"] = ("The document's file name, with one of the allowed extensions (Storage:AllowedDocumentExtensions).", IdSchema, FilenameExample),
        ["version"] = ("A version number of the persona or agent, from 1.", () => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" }, 1),
        ["seq"] = ("A message's sequence number in its session, from 1.", () => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "1" }, 1),
    };

    /// <summary>Fills in <paramref name="parameter"/>'s description, schema and example; false for a name not known here.</summary>
    internal static bool Describe(OpenApiParameter parameter)
    {
        if (parameter.Name is null || !Known.TryGetValue(parameter.Name, out var known))
        {
            return false;
        }

        parameter.Description ??= known.Description;
        parameter.Schema = known.Schema();
        parameter.Example = known.Example.DeepClone();
        return true;
    }

    internal static OpenApiParameter Create(string name)
    {
        var parameter = new OpenApiParameter { Name = name, In = ParameterLocation.Path, Required = true };
        Describe(parameter);
        return parameter;
    }

    private static OpenApiSchema IdSchema() => new()
    {
        Type = JsonSchemaType.String,
        MinLength = 1,
        MaxLength = EntityIdValidator.MaxLength,
        Pattern = IdPattern,
    };
}
