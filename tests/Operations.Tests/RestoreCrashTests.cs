using ChatDb.Cli.Commands.Maintenance;
using ChatDb.Operations.Tests.Support;
using ChatDb.Storage.Flatfile;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Operations.Tests;

/// <summary>
/// A restore that "crashes" (the step hook throws) at each point of its final swap leaves a state that verify
/// reports and that the next restore, the silo's open or <c>verify --repair</c> rolls forward to the backup.
/// </summary>
public sealed class RestoreCrashTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public enum Recovery
    {
        Repair,
        Open,
        NextRestore,
    }

    public static TheoryData<int, Recovery> CrashPoints()
    {
        // Steps: committed, 5 old entries moved aside, 5 restored entries moved in, old data deleted, done.
        var data = new TheoryData<int, Recovery>();
        foreach (var (step, recovery) in new[]
                 {
                     (0, Recovery.Repair), (1, Recovery.Open), (3, Recovery.Repair), (5, Recovery.NextRestore),
                     (6, Recovery.Open), (8, Recovery.Repair), (10, Recovery.Open), (11, Recovery.Repair), (12, Recovery.Open),
                 })
        {
            data.Add(step, recovery);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task CrashDuringTheSwap_IsReportedByVerify_AndRolledForwardToTheBackup(int crashAfterStep, Recovery recovery)
    {
        await TestDataSet.CreateAsync(_temp.Combine("source"), users: 1, sessionsPerUser: 1, messagesPerSession: 3);
        await Engines.Backup(_temp.Combine("source")).BackupAsync(_temp.Combine("backup.tar.gz"));
        await TestDataSet.CreateAsync(_temp.Combine("data"), users: 2, sessionsPerUser: 2, messagesPerSession: 3);
        var expected = Tree.DataFiles(_temp.Combine("source"));
        var steps = new List<RestoreSwapStep>();
        var crashing = new RestoreEngine(Engines.Options(_temp.Combine("data")), ChatModelSchema.Instance)
        {
            AfterSwapStep = step =>
            {
                steps.Add(step);
                if (steps.Count - 1 == crashAfterStep)
                {
                    throw new SimulatedCrash();
                }
            },
        };

        await Assert.ThrowsAsync<SimulatedCrash>(() => crashing.RestoreAsync(_temp.Combine("backup.tar.gz"), replace: true));
        var interrupted = await Engines.Verify(_temp.Combine("data")).VerifyAsync();
        if (steps[^1] != RestoreSwapStep.Done)
        {
            Assert.Contains(interrupted.Problems, p => p.Kind == ProblemKind.InterruptedRestore && p.IsError && p.Repairable);
        }

        switch (recovery)
        {
            case Recovery.Repair:
                var repair = await Engines.Verify(_temp.Combine("data")).RepairAsync();
                Assert.True(repair.After.IsClean, string.Join("\n", repair.After.Problems));
                break;
            case Recovery.Open:
                FlatfileDataDirectory.Open(Engines.Options(_temp.Combine("data"))).Dispose();
                break;
            case Recovery.NextRestore:
                await Engines.Restore(_temp.Combine("data")).RestoreAsync(_temp.Combine("backup.tar.gz"), replace: true);
                break;
        }

        Assert.Equal(expected, Tree.DataFiles(_temp.Combine("data")));
        Assert.DoesNotContain(Directory.EnumerateDirectories(_temp.Combine("data")), d => Path.GetFileName(d).StartsWith('.'));
        Assert.True((await Engines.Verify(_temp.Combine("data")).VerifyAsync()).IsClean);
    }

    [Fact]
    public async Task Restore_WithoutACrash_GoesThroughEveryStepOnce_AndLeavesNoScratchDirectory()
    {
        await TestDataSet.CreateAsync(_temp.Combine("source"), users: 1, sessionsPerUser: 1, messagesPerSession: 3);
        await Engines.Backup(_temp.Combine("source")).BackupAsync(_temp.Combine("backup.tar.gz"));
        await TestDataSet.CreateAsync(_temp.Combine("data"), users: 2, sessionsPerUser: 1, messagesPerSession: 3);
        var steps = new List<RestoreSwapStep>();

        await new RestoreEngine(Engines.Options(_temp.Combine("data")), ChatModelSchema.Instance) { AfterSwapStep = steps.Add }
            .RestoreAsync(_temp.Combine("backup.tar.gz"), replace: true);

        Assert.Equal(RestoreSwapStep.Committed, steps[0]);
        Assert.Equal([RestoreSwapStep.OldDataDeleted, RestoreSwapStep.Done], steps[^2..]);
        Assert.Equal(steps.Count(s => s == RestoreSwapStep.MovedAside), steps.Count(s => s == RestoreSwapStep.MovedIn));
        Assert.Equal(Tree.DataFiles(_temp.Combine("source")), Tree.DataFiles(_temp.Combine("data")));
        Assert.DoesNotContain(Directory.EnumerateDirectories(_temp.Combine("data")), d => Path.GetFileName(d).StartsWith('.'));
    }

    private sealed class SimulatedCrash : Exception
    {
        public SimulatedCrash()
            : base("simulated crash during the restore's swap")
        {
        }
    }
}
