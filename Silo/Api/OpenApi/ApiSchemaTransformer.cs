using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ChatDb.Silo.Api.OpenApi;

/// <summary>
/// Two corrections to the generated schemas. A property that may be null is not required: the generator lists
/// every constructor parameter of a record as required, but a request may leave out a nullable one (it defaults)
/// and a response may carry null; a property the handler insists on says so with <c>[Required]</c>. And each
/// wire type gets its example (<see cref="ApiSchemaExamples"/>).
/// </summary>
internal sealed class ApiSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is not null)
        {
            return Task.CompletedTask;
        }

        if (schema.Required is { Count: > 0 } required && schema.Properties is not null)
        {
            foreach (var property in context.JsonTypeInfo.Properties)
            {
                var insisted = property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true;
                if (!insisted && schema.Properties.TryGetValue(property.Name, out var propertySchema)
                    && propertySchema.Type is { } type && type.HasFlag(JsonSchemaType.Null))
                {
                    required.Remove(property.Name);
                }
            }
        }

        if (context.JsonTypeInfo.Type == typeof(ChatDb.Grains.Events.ChatEvent))
        {
            DescribeChatEvent(schema);
        }

        if (ApiSchemaExamples.For(context.JsonTypeInfo.Type) is { } example)
        {
            schema.Examples = [JsonNode.Parse(example)!];
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A chat event as one open object switched on <c>kind</c> (docs/API.md, "Server-sent events" lists the kinds and
    /// their fields), instead of the generator's union of every event record with a discriminator.
    /// </summary>
    private static void DescribeChatEvent(OpenApiSchema schema)
    {
        schema.Discriminator = null;
        schema.AnyOf = null;
        schema.OneOf = null;
        schema.Type = JsonSchemaType.Object;
        schema.Description = "One chat event; 'kind' names it (docs/API.md lists the kinds and their fields), 'eventSeq' is its number in the event log.";
        schema.Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["kind"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["timestamp"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
            ["eventSeq"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "1" },
        };
        schema.Required = new HashSet<string> { "kind", "timestamp" };
        schema.AdditionalPropertiesAllowed = true;
    }
}
