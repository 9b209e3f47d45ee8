namespace ChatDb.Runtime.Gateway;

/// <summary>
/// The interface → grain type table a silo sends in its welcome: clients hold grain interfaces but not
/// grain classes, and need the grain type to build the id of a reference.
/// </summary>
internal static class GrainManifest
{
    public static IReadOnlyDictionary<string, string> Build(GrainClassRegistry classes)
    {
        var byInterface = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var grainClass in classes.Classes)
        {
            foreach (var grainInterface in grainClass.ClassType.GetInterfaces())
            {
                if (!typeof(IGrain).IsAssignableFrom(grainInterface) || grainInterface.Assembly == typeof(IGrain).Assembly || grainInterface.FullName is not { } name)
                {
                    continue;
                }

                // An interface implemented by several classes names no single grain type: leave it out.
                byInterface[name] = byInterface.TryGetValue(name, out var existing) && existing != grainClass.GrainType.Value ? null : grainClass.GrainType.Value;
            }
        }

        return byInterface.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);
    }
}
