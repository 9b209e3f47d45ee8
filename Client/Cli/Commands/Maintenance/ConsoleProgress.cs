using System.Diagnostics;
using System.Globalization;
using ChatDb.Storage.Flatfile.Maintenance;
using Spectre.Console;

namespace ChatDb.Cli.Commands.Maintenance;

/// <summary>
/// Progress of a long command: a Spectre.Console bar with counts and rate when stdout is a terminal, else a
/// plain line on stderr every few seconds (logs and CI stay readable).
/// </summary>
public static class ConsoleProgress
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);

    /// <summary>Runs <paramref name="work"/> with a progress sink suited to where the output goes.</summary>
    public static async Task<T> RunAsync<T>(string title, bool quiet, Func<IMaintenanceProgress, Task<T>> work)
    {
        if (quiet)
        {
            return await work(NoProgress.Instance).ConfigureAwait(false);
        }

        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await work(new PlainProgress(Console.Error)).ConfigureAwait(false);
        }

        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var sink = new BarProgress(context, title);
                result = await work(sink).ConfigureAwait(false);
                sink.Complete();
            }).ConfigureAwait(false);
        return result;
    }

    private static string Describe(ProgressUpdate update, TimeSpan elapsed)
    {
        var rate = elapsed.TotalSeconds > 0 ? update.Done / elapsed.TotalSeconds : 0;
        var total = update.Total is { } t ? string.Create(CultureInfo.InvariantCulture, $" of {t:N0}") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{update.Stage}: {update.Done:N0}{total} {update.Unit} ({rate:N0}/s)");
    }

    private sealed class PlainProgress(TextWriter output) : IMaintenanceProgress
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Lock _gate = new();
        private TimeSpan _last = TimeSpan.Zero;

        public void Report(ProgressUpdate update)
        {
            lock (_gate)
            {
                var now = _clock.Elapsed;
                var finished = update.Total is { } total && update.Done >= total;
                if (now - _last < PlainInterval && !finished)
                {
                    return;
                }

                _last = now;
                output.WriteLine(Describe(update, now));
            }
        }
    }

    private sealed class BarProgress(ProgressContext context, string title) : IMaintenanceProgress
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
        private readonly Lock _gate = new();

        public void Report(ProgressUpdate update)
        {
            lock (_gate)
            {
                if (!_tasks.TryGetValue(update.Stage, out var task))
                {
                    task = context.AddTask(title);
                    _tasks[update.Stage] = task;
                }

                task.IsIndeterminate = update.Total is null;
                task.MaxValue = update.Total ?? Math.Max(task.MaxValue, update.Done + 1);
                task.Value = update.Done;
                task.Description = Markup.Escape(Describe(update, _clock.Elapsed));
                context.Refresh();
            }
        }

        public void Complete()
        {
            lock (_gate)
            {
                foreach (var task in _tasks.Values)
                {
                    task.IsIndeterminate = false;
                    task.Value = task.MaxValue;
                    task.StopTask();
                }
            }
        }
    }
}
