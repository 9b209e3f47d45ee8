using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ChatDb.Storage.Json;

/// <summary>
/// The metadata resolver of <see cref="StorageJson"/>: a type marked <see cref="StorageJsonContractAttribute"/> is
/// described by its source-generated context, every other type by reflection, as before. One context instance per
/// context type; the attribute is looked up once per type.
/// </summary>
internal sealed class StorageJsonTypeInfoResolver : IJsonTypeInfoResolver
{
    private readonly DefaultJsonTypeInfoResolver _reflection = new();
    private readonly ConcurrentDictionary<Type, IJsonTypeInfoResolver?> _contracts = new();
    private readonly ConcurrentDictionary<Type, IJsonTypeInfoResolver> _contexts = new();

    public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options)
    {
        var context = _contracts.GetOrAdd(type, ContextOf);
        return context?.GetTypeInfo(type, options) ?? _reflection.GetTypeInfo(type, options);
    }

    private IJsonTypeInfoResolver? ContextOf(Type type) =>
        type.GetCustomAttribute<StorageJsonContractAttribute>() is { } contract
            ? _contexts.GetOrAdd(contract.ContextType, contextType => (IJsonTypeInfoResolver)Activator.CreateInstance(contextType)!)
            : null;
}
