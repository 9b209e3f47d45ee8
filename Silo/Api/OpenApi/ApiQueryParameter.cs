using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace ChatDb.Silo.Api.OpenApi;

/// <summary>
/// One query parameter as the OpenAPI document declares it: its type, bounds and an example that works against a
/// live silo. Handlers read query strings themselves (<c>QueryArgs</c>), so the generator cannot see them; a route
/// lists its parameters with <see cref="ApiOperationConventions.WithQuery"/> and <see cref="ApiOperationTransformer"/>
/// writes them. <see cref="ApiQuery"/> holds the ones routes share.
/// </summary>
public sealed record ApiQueryParameter(string Name, string Description, JsonSchemaType Type, JsonNode Example)
{
    public bool Required { get; init; }

    public string? Format { get; init; }

    public string? Minimum { get; init; }

    public string? Maximum { get; init; }

    public int? MinLength { get; init; }

    public IReadOnlyList<string>? Values { get; init; }

    /// <summary>The maximum is the configured page size cap (<c>Api:MaxPageSize</c>), filled in when the document is built.</summary>
    public bool IsPageSize { get; init; }

    internal OpenApiParameter ToParameter(int maxPageSize) => new()
    {
        Name = Name,
        In = ParameterLocation.Query,
        Required = Required,
        Description = Description,
        Example = Example.DeepClone(),
        Schema = new OpenApiSchema
        {
            Type = Type,
            Format = Format,
            Minimum = Minimum,
            Maximum = IsPageSize ? maxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture) : Maximum,
            MinLength = MinLength,
            Enum = Values?.Select(value => (JsonNode)JsonValue.Create(value)).ToList(),
        },
    };
}
