using ChatDb.Storage;
using System.Text;
using ChatDb.Cli.Commands.Maintenance;
using ChatDb.Grains.Models;
using ChatDb.Storage.Flatfile.Documents;

namespace ChatDb.Operations.Tests;

public sealed class MessageShapeTests
{
    private const string Valid = "{\"seq\":1,\"id\":\"m\",\"role\":\"user\",\"content\":\"hi\",\"timestamp\":\"2025-01-02T03:04:05.000000Z\",\"attachments\":[\"a.pdf\"],\"metadata\":{\"k\":[1]}}";

    public static TheoryData<string> Lines() =>
    [
        Valid,
        Valid.Replace("\"role\":\"user\",", "", StringComparison.Ordinal),
        Valid.Replace("\"seq\":1,", "", StringComparison.Ordinal),
        Valid.Replace("\"seq\":1", "\"seq\":\"1\"", StringComparison.Ordinal),
        Valid.Replace("\"content\":\"hi\"", "\"content\":null", StringComparison.Ordinal),
        Valid.Replace("2025-01-02T03:04:05.000000Z", "2025-01-02T03:04:05", StringComparison.Ordinal),
        Valid.Replace("2025-01-02T03:04:05.000000Z", "yesterday", StringComparison.Ordinal),
        Valid.Replace("[\"a.pdf\"]", "[1]", StringComparison.Ordinal),
        Valid.Replace("[\"a.pdf\"]", "null", StringComparison.Ordinal),
        Valid.Replace("{\"k\":[1]}", "[]", StringComparison.Ordinal),
        Valid.Replace("\"metadata\":{\"k\":[1]}", "\"metadata\":{},\"extra\":true", StringComparison.Ordinal),
        Valid + " {}",
        "[]",
    ];

    [Theory]
    [MemberData(nameof(Lines))]
    public void MessageShape_SaysYesOnlyToLinesTheModelAccepts(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        bool modelAccepts;
        try
        {
            JsonDocumentStore.Parse<ChatMessage>("line", bytes);
            modelAccepts = true;
        }
        catch (IntegrityError)
        {
            modelAccepts = false;
        }

        Assert.Equal(modelAccepts, MessageShape.IsValid(bytes));
    }
}
