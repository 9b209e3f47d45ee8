using ChatDb.CrashLoop;

CrashLoopOptions options;
try
{
    options = CrashLoopOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

await Console.Out.WriteLineAsync($"crash-loop: {options.Kills} kills, {options.Sessions} sessions, {options.Writers} writers, seed {options.Seed}, data {options.DataDirectory}");
var result = await CrashLoopRunner.RunAsync(options, Console.Out, cancel.Token);
foreach (var failure in result.Failures)
{
    await Console.Error.WriteLineAsync($"violation: {failure}");
}

await Console.Out.WriteLineAsync(result.Summary);
return result.Succeeded ? 0 : 1;
