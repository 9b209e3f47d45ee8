
namespace ChatDb.Silo.Api.Errors;

/// <summary>Puts <see cref="DotSegmentGuardMiddleware"/> in front of the host's pipeline (before routing).</summary>
internal sealed class ApiStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<DotSegmentGuardMiddleware>();
        next(app);
    };
}
