using System.Buffers;

namespace ChatDb.Storage.Flatfile.Options;

internal static class SearchValuesForExtensions
{
    public static readonly SearchValues<char> LettersAndDigits =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
}
