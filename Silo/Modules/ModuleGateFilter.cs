using ChatDb.Grains.Modules;

namespace ChatDb.Silo.Modules;

/// <summary>
/// Refuses a module's routes while the module is off with <see cref="ModuleDisabledError"/>, which the API answers as 404
/// <c>module_disabled</c>. Runs inside the error filter and after authentication: a disabled module does not open its
/// routes to callers without a key, nor tell them it exists.
/// </summary>
internal sealed class ModuleGateFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<ModuleRouteMetadata>() is { } route
            && context.HttpContext.RequestServices.GetService<ChatModuleSet>() is { } modules)
        {
            modules.EnsureEnabled(route.Module);
        }

        return next(context);
    }
}
