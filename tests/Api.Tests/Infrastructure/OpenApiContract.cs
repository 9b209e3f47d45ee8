using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace ChatDb.Api.Tests.Infrastructure;

/// <summary>
/// Runs an OpenAPI document against a live API the way an outside tool would: every operation is called with
/// the document's own examples (once with the required parameters only, once with every parameter — path, query
/// and header), and each answer must have a status the operation declares, a declared media type, a body that
/// validates against the declared schema, and be a success (the examples are meant to go through). Operations run
/// writes first, reads, patches, then deletes (deepest path first, once with every parameter: the first call
/// removes what a second would act on), then the trash. Ids the silo generates (sessions, panels, runs, memories) are taken from
/// the creating operation's answer in place of the example id; a restore from the trash first creates such an
/// entity and deletes it into the trash with the document's own operations. Every problem is collected, not
/// thrown, so a test can also show that a broken document is caught.
/// </summary>
internal sealed class OpenApiContract(JsonObject document, HttpClient http)
{
    private static readonly string[] MethodOrder = ["put", "post", "get", "patch", "delete"];

    /// <summary>The entities whose ids the silo generates: the example id, the path that creates one and the path of one.</summary>
    private static readonly (string ExampleId, string Parameter, string CreatePath, string ItemPath)[] Generated =
    [
        (ChatDb.Silo.Api.OpenApi.ApiPathParameters.SessionIdExample, "{sessionId}", "/users/{userId}/sessions", "/users/{userId}/sessions/{sessionId}"),
        (ChatDb.Silo.Api.OpenApi.ApiPathParameters.PanelIdExample, "{panelId}", "/panels", "/panels/{panelId}"),
        (ChatDb.Silo.Api.OpenApi.ApiPathParameters.RunIdExample, "{runId}", "/users/{userId}/agents/{agentId}/runs", "/users/{userId}/agents/{agentId}/runs/{runId}"),
        (ChatDb.Silo.Api.OpenApi.ApiPathParameters.RunIdExample, "{runId}", "/users/{userId}/global-agents/{agentId}/runs", "/users/{userId}/global-agents/{agentId}/runs/{runId}"),
        (ChatDb.Silo.Api.OpenApi.ApiPathParameters.MemoryIdExample, "{memoryId}", "/users/{userId}/memories", "/users/{userId}/memories/{memoryId}"),
    ];

    private readonly JsonObject _schemas = document["components"]?["schemas"]?.AsObject() ?? [];
    private readonly Dictionary<(string ExampleId, string CreatePath), string> _generatedIds = [];

    public List<string> Problems { get; } = [];

    /// <summary>How many requests were sent and answered as declared.</summary>
    public int Passed { get; private set; }

    /// <summary>Every operation of the document, in the order <see cref="RunAsync"/> calls them.</summary>
    public IReadOnlyList<(string Path, string Method, JsonObject Operation)> Operations()
    {
        var operations = new List<(string Path, string Method, JsonObject Operation)>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (MethodOrder.Contains(method))
                {
                    operations.Add((path, method, operation!.AsObject()));
                }
            }
        }

        int Depth(string path) => path.Count(c => c == '/');
        return
        [
            .. operations.OrderBy(o => IsTrash(o.Path) ? MethodOrder.Length : Array.IndexOf(MethodOrder, o.Method) is var rank && rank < 2 ? 0 : rank)
                .ThenBy(o => o.Method == "delete" ? -Depth(o.Path) : Depth(o.Path))
                .ThenBy(o => Array.IndexOf(MethodOrder, o.Method))
                .ThenBy(o => o.Path, StringComparer.Ordinal),
        ];
    }

    public async Task RunAsync(Func<string, string, bool>? include = null)
    {
        foreach (var (path, method, operation) in Operations())
        {
            if (include is not null && !include(path, method))
            {
                continue;
            }

            var name = $"{method.ToUpperInvariant()} {path}";
            if (method == "delete")
            {
                await CallAsync(name, path, method, operation, everyParameter: true);
                continue;
            }

            if (!await PutInTheTrashAsync(name, path, method))
            {
                continue;
            }

            var requiredOnly = await CallAsync(name, path, method, operation, everyParameter: false);
            if (requiredOnly && HasOptionalInput(operation) && await PutInTheTrashAsync(name, path, method))
            {
                await CallAsync(name + " (every parameter)", path, method, operation, everyParameter: true);
            }
        }
    }

    private static bool IsTrash(string path) => path.Split('/').Contains("trash");

    /// <summary>
    /// Before a write on one entity in the trash (a restore), a fresh one is created and deleted into the trash with
    /// the document's own create and delete operations; false (with the problem noted) when that fails.
    /// </summary>
    private async Task<bool> PutInTheTrashAsync(string name, string path, string method)
    {
        if (!IsTrash(path) || method == "get")
        {
            return true;
        }

        foreach (var (_, parameter, createPath, itemPath) in Generated)
        {
            if (!path.Contains(parameter, StringComparison.Ordinal))
            {
                continue;
            }

            var create = document["paths"]?[createPath]?["post"]?.AsObject();
            var delete = document["paths"]?[itemPath]?["delete"]?.AsObject();
            if (create is null || delete is null)
            {
                Problems.Add($"{name}: the document lacks POST {createPath} or DELETE {itemPath}, which put what it acts on in the trash.");
                return false;
            }

            return await CallAsync($"{name} (setup: POST {createPath})", createPath, "post", create, everyParameter: false)
                && await CallAsync($"{name} (setup: DELETE {itemPath})", itemPath, "delete", delete, everyParameter: true);
        }

        return true;
    }

    /// <summary>Checks that every example in the document (schemas, parameters, bodies, responses) validates against its schema.</summary>
    public void CheckExamples()
    {
        foreach (var (name, schema) in _schemas)
        {
            foreach (var example in schema?["examples"]?.AsArray() ?? [])
            {
                Validate($"example of schema {name}", schema!.AsObject(), example);
            }
        }

        foreach (var (path, method, operation) in Operations())
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                if (parameter?["example"] is { } example)
                {
                    Validate($"{name}: example of parameter {parameter["name"]}", parameter["schema"]!.AsObject(), example);
                }
            }

            var media = new List<(string Where, JsonObject Content)>();
            if (operation["requestBody"]?["content"] is JsonObject body)
            {
                media.Add(("request body", body));
            }

            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                if (response?["content"] is JsonObject content)
                {
                    media.Add(($"response {status}", content));
                }
            }

            foreach (var (where, content) in media)
            {
                foreach (var (type, value) in content)
                {
                    if (type.Contains("json", StringComparison.Ordinal) && value?["example"] is { } example && value["schema"] is JsonObject schema)
                    {
                        Validate($"{name}: example of the {where} ({type})", schema, example);
                    }
                }
            }
        }
    }

    private static bool HasOptionalInput(JsonObject operation) =>
        (operation["parameters"]?.AsArray() ?? []).Any(p => p?["required"]?.GetValue<bool>() != true)
        || (operation["requestBody"] is { } body && body["required"]?.GetValue<bool>() != true);

    private async Task<bool> CallAsync(string name, string path, string method, JsonObject operation, bool everyParameter)
    {
        using var request = BuildRequest(name, path, method, operation, everyParameter);
        if (request is null)
        {
            return false;
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var body = mediaType == "text/event-stream" ? string.Empty : await response.Content.ReadAsStringAsync();
        var declared = operation["responses"]!.AsObject();
        if (!declared.TryGetPropertyValue(status, out var declaredResponse))
        {
            Problems.Add($"{name}: answered {status}, which the operation does not declare (it declares {string.Join(", ", declared.Select(r => r.Key))}): {Shorten(body)}");
            return false;
        }

        var ok = true;

        // An operation whose state cannot be made by requests alone names the status its example gets (x-example-status).
        var expectedStatus = operation["x-example-status"]?.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (expectedStatus is not null && status != expectedStatus)
        {
            Problems.Add($"{name}: answered {status}, not the {expectedStatus} its x-example-status names: {Shorten(body)}");
            ok = false;
        }
        else if (expectedStatus is null && !response.IsSuccessStatusCode)
        {
            Problems.Add($"{name}: the example did not go through: {status} {Shorten(body)}");
            ok = false;
        }

        if (declaredResponse?["content"] is not JsonObject content)
        {
            if (body.Length > 0)
            {
                Problems.Add($"{name}: {status} declares no content but came with {body.Length} characters.");
                ok = false;
            }
        }
        else if (mediaType is null || MatchMediaType(content, mediaType) is not { } match)
        {
            Problems.Add($"{name}: {status} came as {mediaType ?? "(no content type)"}, not one of {string.Join(", ", content.Select(c => c.Key))}.");
            ok = false;
        }
        else if (mediaType == "application/x-ndjson" && match["schema"] is JsonObject lineSchema)
        {
            // JSON Lines: every line is one value of the declared schema.
            foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                ok &= Validate($"{name}: {status} body line", lineSchema, JsonNode.Parse(line));
            }
        }
        else if (mediaType.Contains("json", StringComparison.Ordinal) && match["schema"] is JsonObject schema)
        {
            ok &= Validate($"{name}: {status} body", schema, JsonNode.Parse(body));
        }

        if (ok && response.IsSuccessStatusCode)
        {
            Passed++;
            RememberGeneratedId(path, method, body);
        }
        else if (ok && expectedStatus is not null)
        {
            Passed++;
        }

        return ok;
    }

    private HttpRequestMessage? BuildRequest(string name, string path, string method, JsonObject operation, bool everyParameter)
    {
        var target = path;
        var query = new List<string>();
        var headers = new List<(string Name, string Value)>();
        foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
        {
            var parameterName = parameter!["name"]!.GetValue<string>();
            var required = parameter["required"]?.GetValue<bool>() == true;
            if (!required && !everyParameter)
            {
                continue;
            }

            if (parameter["example"] is not { } example)
            {
                Problems.Add($"{name}: parameter '{parameterName}' has no example.");
                return null;
            }

            var value = Substitute(example.GetValueKind() == JsonValueKind.String ? example.GetValue<string>() : example.ToJsonString(), path);
            switch (parameter["in"]!.GetValue<string>())
            {
                case "path":
                    target = target.Replace("{" + parameterName + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
                    break;
                case "query":
                    query.Add($"{Uri.EscapeDataString(parameterName)}={Uri.EscapeDataString(value)}");
                    break;
                case "header":
                    headers.Add((parameterName, value));
                    break;
                default:
                    Problems.Add($"{name}: parameter '{parameterName}' is in {parameter["in"]}, which this runner does not send.");
                    return null;
            }
        }

        if (target.Contains('{', StringComparison.Ordinal))
        {
            Problems.Add($"{name}: the path keeps a parameter the operation does not declare: {target}");
            return null;
        }

        var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), query.Count == 0 ? target : target + "?" + string.Join('&', query));
        foreach (var (header, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        if (operation["requestBody"] is JsonObject requestBody && (everyParameter || requestBody["required"]?.GetValue<bool>() == true))
        {
            var (mediaType, media) = requestBody["content"]!.AsObject().First();
            var example = media?["example"] ?? SchemaExample(media?["schema"]);
            if (example is null)
            {
                Problems.Add($"{name}: the request body ({mediaType}) has no example.");
                request.Dispose();
                return null;
            }

            var text = Substitute(mediaType.Contains("json", StringComparison.Ordinal) ? example.ToJsonString() : example.GetValue<string>(), path);
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        }

        return request;
    }

    private JsonNode? SchemaExample(JsonNode? schema) =>
        schema?["$ref"]?.GetValue<string>() is { } reference
            ? SchemaExample(_schemas[reference.Split('/')[^1]])
            : schema?["examples"]?[0];

    private static JsonObject? MatchMediaType(JsonObject content, string mediaType)
    {
        foreach (var (declared, value) in content)
        {
            var slash = declared.IndexOf('/', StringComparison.Ordinal);
            if (declared == mediaType || declared == "*/*"
                || (declared.EndsWith("/*", StringComparison.Ordinal) && mediaType.StartsWith(declared[..(slash + 1)], StringComparison.Ordinal)))
            {
                return value?.AsObject() ?? [];
            }
        }

        return null;
    }

    /// <summary>Validates <paramref name="instance"/> against <paramref name="schema"/>, whose references point into the document's components.</summary>
    private bool Validate(string what, JsonObject schema, JsonNode? instance)
    {
        var wrapper = schema.DeepClone().AsObject();
        wrapper["$defs"] = _schemas.DeepClone();
        var text = wrapper.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        var built = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        using var json = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        var result = built.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return true;
        }

        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Problems.Add($"{what} does not validate against its schema: {string.Join("; ", errors.Take(5))} (instance: {Shorten(instance?.ToJsonString() ?? "null")})");
        return false;
    }

    /// <summary>After a create, the generated id stands in for the example id of that kind.</summary>
    private void RememberGeneratedId(string path, string method, string body)
    {
        if (method != "post" || body.Length == 0 || JsonNode.Parse(body) is not JsonObject created || created["id"]?.GetValue<string>() is not { } id)
        {
            return;
        }

        foreach (var (exampleId, _, createPath, _) in Generated)
        {
            if (createPath == path)
            {
                _generatedIds[(exampleId, createPath)] = id;
            }
        }
    }

    /// <summary>
    /// Puts the generated ids in place of the example ids; an id made on a path that <paramref name="path"/> starts with
    /// goes first, since two kinds of run (a user's agent's, a global agent's) share one example run id.
    /// </summary>
    private string Substitute(string text, string path)
    {
        foreach (var ((example, _), generated) in _generatedIds.OrderByDescending(e => path.StartsWith(e.Key.CreatePath, StringComparison.Ordinal)))
        {
            text = text.Replace(example, generated, StringComparison.Ordinal);
        }

        return text;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
