using System.Buffers;
using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Options;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Seed 001's configuration migrator for ChatDb: turns a v2 <c>system/config.json</c> (flat <c>StorageConfig</c> fields, or
/// sections <c>storage</c>, <c>search</c>, <c>vector</c>, <c>document</c>, <c>runtime</c>, <c>modules</c>) into an appsettings
/// fragment: the limits ChatDb shares with v2 under <c>Storage</c>, the nine modules under <c>Modules:{name}:Enabled</c>, and every
/// v2 key that has no meaning here under <c>ChatDbMigration:Ignored</c> with the reason, so nothing is dropped silently.
/// Layout names (directory and file names, id prefixes, timestamp formats) are not carried over: the migrated tree is written
/// with this build's names.
/// </summary>
public static class V2ConfigMigrator
{
    /// <summary>The module names of the platform, as configuration keys use them.</summary>
    public static IReadOnlyList<string> ModuleNames { get; } =
        ["text_chat", "memory", "tool_use", "persona", "rag", "multi_agent", "multimodal", "topic_router", "trace_logger"];

    private static readonly JsonWriterOptions Indented = new() { Indented = true, IndentSize = 2, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly Dictionary<string, PropertyInfo> Limits = typeof(ChatLimitsOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite)
        .ToDictionary(p => p.Name, StringComparer.Ordinal);

    private static readonly HashSet<string> LayoutNames = typeof(FlatfileStorageOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => p.Name)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// What v2 had, per module: on when v2 kept that kind of data (sessions and messages; situational context and its history;
    /// personas; panels; documents), RAG when v2's vector storage was on, off for what v2 did not have (tools, routing, traces).
    /// A v2 <c>modules</c> section (seed 001's <c>modules.json</c> shape) overrides these.
    /// </summary>
    private static readonly Dictionary<string, bool> V2Defaults = new(StringComparer.Ordinal)
    {
        ["text_chat"] = true,
        ["memory"] = true,
        ["tool_use"] = false,
        ["persona"] = true,
        ["rag"] = false,
        ["multi_agent"] = true,
        ["multimodal"] = true,
        ["topic_router"] = false,
        ["trace_logger"] = false,
    };

    /// <summary>Maps <paramref name="v2Config"/>; <paramref name="dataDirectory"/> becomes <c>Storage:StorageBasePath</c>.</summary>
    public static V2ConfigMigration Migrate(JsonElement v2Config, string dataDirectory, string sourcePath)
    {
        var storage = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        var ignored = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var modules = new Dictionary<string, bool>(V2Defaults, StringComparer.Ordinal);
        if (v2Config.ValueKind != JsonValueKind.Object)
        {
            ignored["(root)"] = $"a {v2Config.ValueKind} where v2 kept an object of settings";
        }
        else
        {
            foreach (var (key, value) in Leaves(v2Config, prefix: null))
            {
                Classify(key, value, storage, modules, ignored);
            }
        }

        return new V2ConfigMigration(Write(storage, modules, ignored, dataDirectory, sourcePath), storage.Keys.ToList(), modules, ignored);
    }

    private static void Classify(string key, JsonElement value, SortedDictionary<string, JsonElement> storage, Dictionary<string, bool> modules, SortedDictionary<string, string> ignored)
    {
        var segments = key.Split('.');
        var leaf = segments[^1];
        if (segments is ["modules", var module, "enabled"])
        {
            if (!ModuleNames.Contains(module))
            {
                ignored[key] = $"no module '{module}' in ChatDb (its modules: {string.Join(", ", ModuleNames)})";
            }
            else if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                modules[module] = value.GetBoolean();
            }
            else
            {
                ignored[key] = "not true or false";
            }

            return;
        }

        if (leaf == "enable_vector_storage" && value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            modules["rag"] = value.GetBoolean();
            return;
        }

        if (leaf is "base_path" or "storage_base_path")
        {
            ignored[key] = "the v2 data directory; Storage:StorageBasePath is set to the migrated one";
            return;
        }

        var name = Pascal(leaf);
        if (Limits.TryGetValue(name, out var property))
        {
            if (Fits(property.PropertyType, value))
            {
                storage[name] = value.Clone();
            }
            else
            {
                ignored[key] = $"a {value.ValueKind} where Storage:{name} takes {property.PropertyType.Name}";
            }

            return;
        }

        ignored[key] = LayoutNames.Contains(name)
            ? $"a layout name; the migrated tree is written with this build's Storage:{name}"
            : "no ChatDb setting of that meaning";
    }

    private static bool Fits(Type type, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when type == typeof(int) => value.TryGetInt32(out var i) && i > 0,
        JsonValueKind.Number when type == typeof(long) => value.TryGetInt64(out var l) && l > 0,
        JsonValueKind.Number when type == typeof(double) => true,
        JsonValueKind.True or JsonValueKind.False => type == typeof(bool),
        JsonValueKind.String => type == typeof(string),
        JsonValueKind.Array => type == typeof(IList<string>) && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String),
        _ => false,
    };

    /// <summary>Every leaf of the v2 object as a dotted key; arrays are leaves.</summary>
    private static IEnumerable<(string Key, JsonElement Value)> Leaves(JsonElement element, string? prefix)
    {
        foreach (var property in element.EnumerateObject())
        {
            var key = prefix is null ? property.Name : $"{prefix}.{property.Name}";
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var leaf in Leaves(property.Value, key))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return (key, property.Value);
            }
        }
    }

    private static string Pascal(string snake) =>
        string.Concat(snake.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static byte[] Write(SortedDictionary<string, JsonElement> storage, Dictionary<string, bool> modules, SortedDictionary<string, string> ignored, string dataDirectory, string sourcePath)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("Storage");
            writer.WriteString("StorageBasePath", Path.GetFullPath(dataDirectory));
            foreach (var (name, value) in storage)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("Modules");
            foreach (var module in ModuleNames)
            {
                writer.WriteStartObject(module);
                writer.WriteBoolean("Enabled", modules[module]);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteStartObject("ChatDbMigration");
            writer.WriteString("Source", sourcePath);
            writer.WriteStartObject("Ignored");
            foreach (var (key, why) in ignored)
            {
                writer.WriteString(key, why);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>The appsettings fragment made from a v2 configuration, and what went where.</summary>
/// <param name="Fragment">The JSON to write (an appsettings file).</param>
/// <param name="Mapped">The <c>Storage</c> keys taken from v2.</param>
/// <param name="Modules">Each module's <c>Enabled</c> value.</param>
/// <param name="Ignored">v2 keys (dotted) with no meaning here, and why.</param>
public sealed record V2ConfigMigration(byte[] Fragment, IReadOnlyList<string> Mapped, IReadOnlyDictionary<string, bool> Modules, IReadOnlyDictionary<string, string> Ignored)
{
    /// <summary>One line for the report.</summary>
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{Mapped.Count} Storage setting(s) mapped, modules on: {string.Join(", ", Modules.Where(m => m.Value).Select(m => m.Key))}; {Ignored.Count} v2 key(s) ignored");
}
