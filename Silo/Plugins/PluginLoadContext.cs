using System.Collections.Frozen;
using System.Reflection;
using System.Runtime.Loader;

namespace ChatDb.Silo.Plugins;

/// <summary>
/// The assembly load context of one plugin folder. Every assembly the silo itself ships (its trusted platform assemblies:
/// ChatDb, Orleans, ASP.NET Core, Microsoft.Extensions.*) comes from the default context, so the plugin sees the silo's
/// <c>IChatDbPlugin</c>, <c>ISiloBuilder</c> and grain interfaces and not copies of them; the plugin's private
/// dependencies come from its folder, as its <c>*.deps.json</c> lists them. Not collectible: a plugin stays for the life
/// of the silo (Orleans and the service container keep its types).
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private static readonly FrozenSet<string> Shared = SharedAssemblyNames();

    private readonly AssemblyDependencyResolver _resolver;

    public PluginLoadContext(string name, string mainAssemblyPath)
        : base(name, isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);

        // Orleans finds grain classes and serializers in every loaded assembly that carries its generated metadata,
        // then loads the assemblies that metadata names, and resolves type names, by name from the default context:
        // a name of this plugin's assemblies is answered with the one loaded here.
        Default.Resolving += (_, requested) => Assemblies.FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(requested, a.GetName()));
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Null hands the name to the default context.
        if (assemblyName.Name is { } simple && Shared.Contains(simple))
        {
            return null;
        }

        return _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    private static FrozenSet<string> SharedAssemblyNames()
    {
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(Path.GetFileNameWithoutExtension);
        var loaded = Default.Assemblies.Select(a => a.GetName().Name);
        return trusted.Concat(loaded).OfType<string>().ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
