using System.Diagnostics;

namespace ChatDb.Benchmarks;

/// <summary>
/// Times the creation of empty files in the run's scratch directory, where every engine keeps its data. ChatDb creates
/// files as it works (a session's directory and logs, the temporary file of every atomic write) and the peers do not, so
/// what a create costs on the machine weighs on ChatDb's figures alone. That cost is not a constant of the disk: on ext4
/// without a journal, a new inode is chosen by scanning past every inode of the directory's group freed within the last
/// minute or more (<c>find_inode_bit</c> skips what <c>recently_deleted</c> reports), so a directory whose neighbourhood
/// saw many deletions creates files tens of times slower than a fresh one on the same disk. The report carries the
/// figure at the start and at the end of the run, so a reader can tell.
/// </summary>
public sealed class FileCreateProbe(string root)
{
    private const int Files = 200;

    private readonly string _directory = Path.Combine(root, "file-create-probe");
    private int _rounds;

    /// <summary>Median microseconds of one create (open with create-new, close) of <see cref="Files"/> new empty files.</summary>
    /// <remarks>The files stay until the run's directory is deleted: deleting them would make the next creates slower.</remarks>
    public double MeasureMicroseconds()
    {
        var directory = Path.Combine(_directory, (++_rounds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var times = new double[Files];
        for (var i = 0; i < Files; i++)
        {
            var path = Path.Combine(directory, $"f{i}");
            var started = Stopwatch.GetTimestamp();
            using (File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write))
            {
            }

            times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        return Measure.Median(times);
    }
}
