using ChatDb.Grains.Search;
using Orleans.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatDb.Grains.Hosting;

/// <summary>
/// <see cref="SearchOptions"/> bound from the <c>Search</c> section and checked at start, once per silo:
/// user search (the search grains) and panel search (the panel grains) read the same settings, so
/// <c>Search:DefaultLimit</c> and <c>Search:MinWordLength</c> mean the same for both.
/// </summary>
internal static class SearchOptionsRegistration
{
    public static OptionsBuilder<SearchOptions> AddSearchOptions(this ISiloBuilder builder)
    {
        var options = builder.Services.AddOptions<SearchOptions>();
        if (builder.Services.Any(d => d.ServiceType == typeof(IValidateOptions<SearchOptions>) && d.ImplementationInstance is SearchOptionsValidator))
        {
            return options;
        }

        builder.Services.AddSingleton<IValidateOptions<SearchOptions>>(new SearchOptionsValidator());
        return options.Bind(builder.Configuration.GetSection(SearchOptions.SectionName)).ValidateOnStart();
    }
}
