using System.Text.Json;

namespace ChatDb.Grains.Tests.Agents;

/// <summary>Reads a run's trace file as it is on disk: the run its last line (the end event) carries.</summary>
internal static class StoredRunTraces
{
    /// <summary>The <c>run</c> object of the trace's last line, cloned; fails the test when that line has none.</summary>
    public static async Task<JsonElement> EndedRunAsync(string tracePath)
    {
        var last = (await File.ReadAllLinesAsync(tracePath)).Last(l => l.Length > 0);
        using var line = JsonDocument.Parse(last);
        Assert.True(line.RootElement.TryGetProperty("run", out var run), $"the last line of '{tracePath}' carries no run: {last}");
        return run.Clone();
    }
}
