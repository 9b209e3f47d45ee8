namespace ChatDb.Cli.Tests;

/// <summary>What one <c>chatdb</c> run returned and printed.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error, string Command)
{
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Asserts success and returns the output.</summary>
    public string Ok()
    {
        Assert.True(ExitCode == 0, $"chatdb {Command} exited {ExitCode}: {Error}{Output}");
        return Output;
    }
}
