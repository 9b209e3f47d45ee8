using System.Reflection;

namespace ChatDb.Silo;

/// <summary>The assembly holding the chat grain classes.</summary>
internal static class GrainsAssembly
{
    // Loaded by name while ChatDb.Grains has no types to name; once it has, typeof(SomeGrain).Assembly is nicer.
    public static Assembly Load() => Assembly.Load(new AssemblyName("ChatDb.Grains"));
}
