using ChatDb.Silo;
using ChatDb.Silo.Cluster;
using Orleans.Runtime;

namespace ChatDb.Cluster.Tests;

/// <summary><c>/health</c>'s answer: ready only once the host has started and the silo is an active member of its cluster.</summary>
public sealed class SiloReadinessTests
{
    [Theory]
    [InlineData(SiloStatus.None, "joining")]
    [InlineData(SiloStatus.Created, "joining")]
    [InlineData(SiloStatus.Joining, "joining")]
    [InlineData(SiloStatus.Active, "ready")]
    [InlineData(SiloStatus.ShuttingDown, "stopping")]
    [InlineData(SiloStatus.Stopping, "stopping")]
    [InlineData(SiloStatus.Dead, "dead")]
    public void StartedHost_IsReadyOnlyWhileAnActiveMember(SiloStatus membership, string expected)
    {
        var readiness = new SiloReadiness();
        readiness.TrackMembership(() => ClusterReadiness.Describe(membership));
        readiness.MarkReady();

        Assert.Equal(expected, readiness.Status);
        Assert.Equal(expected == "ready", readiness.IsReady);
    }

    [Fact]
    public void HostNotStartedOrStopping_IsNotReady_WhateverTheMembershipSays()
    {
        var readiness = new SiloReadiness();
        readiness.TrackMembership(() => ClusterReadiness.Describe(SiloStatus.Active));

        var before = readiness.Status;
        readiness.MarkReady();
        readiness.MarkStopping();

        Assert.Equal(("starting", "stopping"), (before, readiness.Status));
        Assert.False(readiness.IsReady);
    }
}
