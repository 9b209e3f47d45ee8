
namespace ChatDb.Silo.Api.Errors;

/// <summary>Puts <see cref="ApiEdgeMiddleware"/> in front of the host's pipeline (before routing).</summary>
internal sealed class ApiStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<ApiEdgeMiddleware>();
        next(app);
    };
}
