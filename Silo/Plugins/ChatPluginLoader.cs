using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using ChatDb.Grains.Hosting;
using ChatDb.Grains.Modules;
using ChatDb.Plugins;
using ChatDb.Storage;

namespace ChatDb.Silo.Plugins;

/// <summary>
/// Loads the plugin modules at start (docs/MODULES.md, "Plugins"): every subfolder of <c>modules/</c> next to the silo
/// executable, or of <c>Modules:PluginsPath</c>, is one plugin. A folder holds the build output of a class library: its
/// one <c>*.deps.json</c> names the plugin assembly, which is loaded in a <see cref="PluginLoadContext"/> of its own and
/// holds exactly one public class implementing <see cref="IChatDbPlugin"/>. Anything wrong (no plugin type, a constructor
/// that throws, a module name that is malformed or taken) throws a <see cref="ConfigurationError"/> naming the folder and
/// the problem, which stops the start with one line.
/// </summary>
internal static partial class ChatPluginLoader
{
    public const string DefaultFolderName = "modules";

    // One load per assembly file and process: a host that builds a second silo in the same process (tests do) gets the
    // same assembly, because Orleans registers the grain classes of every loaded assembly, and two copies of one would
    // give it two classes for each of the plugin's grain types.
    private static readonly ConcurrentDictionary<string, Lazy<Type[]>> Loaded = new(StringComparer.Ordinal);

    public static string PluginsPathKey => $"{ChatModulesSiloBuilderExtensions.SectionName}:{ChatModulesSiloBuilderExtensions.PluginsPathName}";

    /// <summary>The plugins under the configured folder; none when <c>Modules:PluginsPath</c> is unset and <c>modules/</c> does not exist.</summary>
    public static IReadOnlyList<LoadedPlugin> Load(IConfiguration configuration, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[PluginsPathKey];
        string root;
        if (string.IsNullOrWhiteSpace(configured))
        {
            root = Path.Join(baseDirectory, DefaultFolderName);
            if (!Directory.Exists(root))
            {
                return [];
            }
        }
        else
        {
            root = Path.GetFullPath(configured);
            if (!Directory.Exists(root))
            {
                throw new ConfigurationError($"{PluginsPathKey} is '{configured}', which is not a directory.");
            }
        }

        var plugins = new List<LoadedPlugin>();
        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var plugin = LoadFolder(folder);
            if (ChatModuleNames.All.Contains(plugin.Module.Name, StringComparer.OrdinalIgnoreCase))
            {
                throw Failure(folder, $"its module name '{plugin.Module.Name}' is a built-in module's.");
            }

            if (plugins.FirstOrDefault(p => string.Equals(p.Module.Name, plugin.Module.Name, StringComparison.OrdinalIgnoreCase)) is { } other)
            {
                throw Failure(folder, $"its module name '{plugin.Module.Name}' is taken by {other.Label}.");
            }

            plugins.Add(plugin);
        }

        return plugins;
    }

    /// <summary>Whether <paramref name="name"/> is well-formed for a module (every built-in name is).</summary>
    public static bool IsModuleName(string name) => ModuleName().IsMatch(name);

    /// <summary>A plugin's start-up failure: "plugin /srv/chatdb/modules/sample: {problem}".</summary>
    public static ConfigurationError Failure(string folder, string problem, Exception? inner = null) =>
        // One line, whatever the messages it quotes hold (the dependency resolver's span several).
        new($"plugin {folder}: {string.Join(' ', problem.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}", inner);

    private static LoadedPlugin LoadFolder(string folder)
    {
        var deps = Directory.GetFiles(folder, "*.deps.json");
        if (deps.Length != 1)
        {
            throw Failure(folder, deps.Length == 0
                ? "no *.deps.json names the plugin assembly (put the build output of the plugin's class library in the folder)."
                : $"{deps.Length} *.deps.json files; the folder must hold one plugin assembly.");
        }

        var assemblyPath = deps[0][..^".deps.json".Length] + ".dll";
        if (!File.Exists(assemblyPath))
        {
            throw Failure(folder, $"{Path.GetFileName(assemblyPath)}, named by {Path.GetFileName(deps[0])}, is missing.");
        }

        Type[] types;
        try
        {
            types = Loaded.GetOrAdd(Path.GetFullPath(assemblyPath), path => new Lazy<Type[]>(() =>
                new PluginLoadContext($"plugin:{Path.GetFileName(folder)}", path).LoadFromAssemblyPath(path).GetExportedTypes())).Value;
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or TypeLoadException or ReflectionTypeLoadException or InvalidOperationException)
        {
            throw Failure(folder, $"{Path.GetFileName(assemblyPath)} cannot be loaded: {e.Message}", e);
        }

        var candidates = types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IChatDbPlugin).IsAssignableFrom(t)).ToList();
        if (candidates.Count != 1)
        {
            throw Failure(folder, candidates.Count == 0
                ? $"{Path.GetFileName(assemblyPath)} has no public class implementing {typeof(IChatDbPlugin).FullName}."
                : $"{Path.GetFileName(assemblyPath)} has {candidates.Count} classes implementing {typeof(IChatDbPlugin).FullName} "
                    + $"({string.Join(", ", candidates.Select(t => t.FullName))}); a folder holds one plugin.");
        }

        IChatDbPlugin plugin;
        ChatModule? module;
        try
        {
            plugin = (IChatDbPlugin)Activator.CreateInstance(candidates[0])!;
            module = plugin.Module;
        }
        catch (Exception e)
        {
            var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            throw Failure(folder, $"{candidates[0].FullName} failed while loading: {cause.GetType().Name}: {cause.Message}", cause);
        }

        if (module is null || !IsModuleName(module.Name ?? string.Empty))
        {
            throw Failure(folder, $"its module name '{module?.Name}' must be lower-case letters, digits and '_', starting with a letter, at most 64 characters.");
        }

        if (string.IsNullOrWhiteSpace(module.Version))
        {
            throw Failure(folder, $"module {module.Name} has no version.");
        }

        return new LoadedPlugin(folder, assemblyPath, plugin, module);
    }

    // A module name is a configuration key (Modules:{name}:Enabled), a data directory ({module}/) and a JSON value.
    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex ModuleName();
}
