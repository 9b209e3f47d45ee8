using System.Net;
using System.Text.Json.Nodes;
using ChatDb.Api.Tests.Infrastructure;

namespace ChatDb.Api.Tests;

/// <summary>
/// The OpenAPI document as served is a contract an outside tool can run: every operation's examples go through
/// the live API, every answer has a declared status and media type and validates against the declared schema,
/// and every example validates against its own schema. A silo of its own, since the examples write and delete
/// fixed ids (user alice, persona tutor).
/// </summary>
public sealed class OpenApiContractTests(ApiServer server) : IClassFixture<ApiServer>
{
    private async Task<JsonObject> DocumentAsync()
    {
        var response = await server.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    [Fact]
    public async Task EveryOperation_RunWithItsExamples_AnswersAsDeclared()
    {
        var document = await DocumentAsync();
        var contract = new OpenApiContract(document, server.Http);

        await contract.RunAsync();

        Assert.True(contract.Problems.Count == 0, string.Join(Environment.NewLine, contract.Problems));
        // Every operation ran at least once (and those with optional input twice).
        Assert.True(contract.Passed >= contract.Operations().Count, $"{contract.Passed} requests passed for {contract.Operations().Count} operations");
    }

    [Fact]
    public async Task EveryExample_ValidatesAgainstItsSchema()
    {
        var contract = new OpenApiContract(await DocumentAsync(), server.Http);

        contract.CheckExamples();

        Assert.True(contract.Problems.Count == 0, string.Join(Environment.NewLine, contract.Problems));
    }

    [Fact]
    public async Task Contract_Fails_ForAnOperationWithoutAnExample()
    {
        var document = await DocumentAsync();
        var listSessions = document["paths"]!["/users/{userId}/sessions"]!["get"]!;
        var userId = listSessions["parameters"]!.AsArray().First(p => p!["name"]!.GetValue<string>() == "userId")!.AsObject();
        userId.Remove("example");
        var contract = new OpenApiContract(document, server.Http);

        await contract.RunAsync((path, method) => path == "/users/{userId}/sessions" && method == "get");

        Assert.Contains(contract.Problems, p => p.Contains("GET /users/{userId}/sessions: parameter 'userId' has no example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Contract_Fails_ForARequestBodyWithoutAnExample()
    {
        var document = await DocumentAsync();
        var putPersona = document["paths"]!["/personas/{personaId}"]!["put"]!;
        foreach (var (_, media) in putPersona["requestBody"]!["content"]!.AsObject())
        {
            media!.AsObject().Remove("example");
        }

        var contract = new OpenApiContract(document, server.Http);

        await contract.RunAsync((path, method) => path == "/personas/{personaId}" && method == "put");

        Assert.Contains(contract.Problems, p => p.Contains("PUT /personas/{personaId}: the request body (application/json) has no example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Contract_Fails_ForAnUndeclaredStatus()
    {
        var document = await DocumentAsync();
        document["paths"]!["/users/{userId}/sessions"]!["post"]!["responses"]!.AsObject().Remove("201");
        var contract = new OpenApiContract(document, server.Http);

        await contract.RunAsync((path, method) => path == "/users/{userId}/sessions" && method == "post");

        Assert.Contains(contract.Problems, p => p.Contains("POST /users/{userId}/sessions: answered 201, which the operation does not declare", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Contract_Fails_ForABodyTheSchemaDoesNotAllow()
    {
        var document = await DocumentAsync();
        var session = document["components"]!["schemas"]!["ChatSession"]!.AsObject();
        session["properties"]!["title"] = new JsonObject { ["type"] = "integer" };
        var contract = new OpenApiContract(document, server.Http);

        await contract.RunAsync((path, method) => path == "/users/{userId}/sessions" && method == "post");

        Assert.Contains(contract.Problems, p => p.Contains("POST /users/{userId}/sessions", StringComparison.Ordinal)
            && p.Contains("does not validate against its schema", StringComparison.Ordinal));
    }
}
