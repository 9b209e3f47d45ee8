using System.Globalization;
using System.Text;

namespace ChatDb.Client;

/// <summary>A relative URL's query string, built from the parameters that have a value (each escaped).</summary>
internal sealed class QueryString(string path)
{
    private readonly StringBuilder _url = new(path);
    private char _separator = '?';

    public QueryString Add(string name, string? value)
    {
        if (value is not null)
        {
            _url.Append(_separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            _separator = '&';
        }

        return this;
    }

    public QueryString Add(string name, long? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public QueryString Add(string name, DateTimeOffset? value) => Add(name, value?.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>One <c>metadata.KEY=VALUE</c> parameter per entry (the metadata filters of lists and search).</summary>
    public QueryString AddMetadata(IReadOnlyDictionary<string, string>? metadata)
    {
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            Add("metadata." + key, value);
        }

        return this;
    }

    public override string ToString() => _url.ToString();
}
