using System.Buffers.Binary;
using ChatDb.Runtime.Tests.Grains;
using ChatDb.Runtime.Tests.Infrastructure;

namespace ChatDb.Runtime.Tests;

/// <summary>Hostile and broken peers, driven over a raw TCP connection.</summary>
[Collection(GatewayClusterCollection.Name)]
public sealed class GatewayProtocolTests(GatewayClusterFixture fixture)
{
    private static string MethodId(string name) =>
        GrainInterfaceRegistry.Methods.Single(m => m.InterfaceType == typeof(IWireShapesGrain) && m.MethodName == name).MethodId;

    private static string Call(long id, string key, string methodId, string args) =>
        $$"""{"kind":"call","id":{{id}},"target":{"type":"wireshapes","key":"{{key}}"},"methodId":"{{methodId}}","args":{{args}}}""";

    [Fact]
    public async Task OversizeFrame_ClosesThatConnection_AndTheSiloKeepsServingOthers()
    {
        await using var raw = await RawGatewayConnection.ConnectAsync(fixture.Cluster.Primary.GatewayEndPoint);
        var header = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(header, 17 * 1024 * 1024);

        await raw.SendBytesAsync(header);

        Assert.True(await raw.WaitForCloseAsync("the silo to close a connection that announced a 17 MiB frame"));
        Assert.Equal(7, await fixture.Cluster.Client.GetGrain<IWireShapesGrain>(Probe.NewKey("after-oversize")).AddAsync(3, 4));
    }

    [Fact]
    public async Task GarbageFrame_ClosesThatConnection_AndTheSiloKeepsServingOthers()
    {
        await using var raw = await RawGatewayConnection.ConnectAsync(fixture.Cluster.Primary.GatewayEndPoint);

        await raw.SendAsync("this is not json {{{");

        Assert.True(await raw.WaitForCloseAsync("the silo to close a connection that sent a garbage frame"));
        Assert.Equal(7, await fixture.Cluster.Client.GetGrain<IWireShapesGrain>(Probe.NewKey("after-garbage")).AddAsync(3, 4));
    }

    [Fact]
    public async Task FirstFrameThatIsNoHello_ClosesTheConnection()
    {
        await using var raw = await RawGatewayConnection.ConnectAsync(fixture.Cluster.Primary.GatewayEndPoint, sayHello: false);

        await raw.SendAsync(Call(1, "k", MethodId(nameof(IWireShapesGrain.AddAsync)), """{"Arg0":1,"Arg1":2}"""));

        Assert.True(await raw.WaitForCloseAsync("the silo to close a connection that skipped the hello"));
    }

    [Fact]
    public async Task UnknownMethodId_AnswersAClearError_AndTheConnectionStaysUp()
    {
        await using var raw = await RawGatewayConnection.ConnectAsync(fixture.Cluster.Primary.GatewayEndPoint);
        var key = Probe.NewKey("raw");

        await raw.SendAsync(Call(41, key, "Nope.INope.Missing(System.String)", "{}"));
        var error = await raw.ReadAsync("the error frame for an unknown method id");
        await raw.SendAsync(Call(42, key, MethodId(nameof(IWireShapesGrain.AddAsync)), """{"Arg0":40,"Arg1":2}"""));
        var result = await raw.ReadAsync("the result of a valid call after the error");

        Assert.Equal("error", error.GetProperty("kind").GetString());
        Assert.Equal(41, error.GetProperty("id").GetInt64());
        Assert.Equal("System.ArgumentException", error.GetProperty("errorType").GetString());
        Assert.Contains("Unknown method id 'Nope.INope.Missing(System.String)'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(key, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("result", result.GetProperty("kind").GetString());
        Assert.Equal(42, result.GetProperty("id").GetInt64());
        Assert.Equal(42, result.GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task ArgumentsOfTheWrongShape_AnswerAnArgumentError_AndTheConnectionStaysUp()
    {
        await using var raw = await RawGatewayConnection.ConnectAsync(fixture.Cluster.Primary.GatewayEndPoint);
        var key = Probe.NewKey("raw");
        var add = MethodId(nameof(IWireShapesGrain.AddAsync));

        await raw.SendAsync(Call(1, key, add, """{"Arg0":"not a number","Arg1":2}"""));
        var error = await raw.ReadAsync("the error frame for arguments of the wrong shape");
        await raw.SendAsync(Call(2, key, add, """{"Arg0":1,"Arg1":2}"""));
        var result = await raw.ReadAsync("the result of a valid call after the error");

        Assert.Equal("System.ArgumentException", error.GetProperty("errorType").GetString());
        Assert.Contains(add, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, result.GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task FieldsInAnyOrder_AreUnderstood()
    {
        await using var raw = await RawGatewayConnection.ConnectAsync(fixture.Cluster.Primary.GatewayEndPoint);
        var key = Probe.NewKey("raw");

        var methodId = MethodId(nameof(IWireShapesGrain.ConcatAsync));
        await raw.SendAsync("{\"args\":{\"Arg1\":\"b\",\"Arg0\":\"a\"},\"methodId\":\"" + methodId + "\",\"target\":{\"key\":\"" + key
            + "\",\"type\":\"wireshapes\"},\"id\":7,\"kind\":\"call\",\"extra\":[1,{\"x\":2}]}");
        var result = await raw.ReadAsync("the result of a call with reordered fields");

        Assert.Equal(7, result.GetProperty("id").GetInt64());
        Assert.Equal("ab", result.GetProperty("value").GetString());
    }

    [Fact]
    public async Task OneWayCall_RunsWithoutAnswer()
    {
        await using var raw = await RawGatewayConnection.ConnectAsync(fixture.Cluster.Primary.GatewayEndPoint);
        var key = Probe.NewKey("oneway");

        var oneWay = Call(1, key, MethodId(nameof(IWireShapesGrain.RememberAsync)), """{"Arg0":"fire and forget"}""").Replace("\"kind\":\"call\"", "\"kind\":\"oneway\"", StringComparison.Ordinal);
        await raw.SendAsync(oneWay);
        await raw.SendAsync(Call(2, key, MethodId(nameof(IWireShapesGrain.RecallAsync)), "{}"));
        var result = await raw.ReadAsync("the answer to the call after the one-way call");

        Assert.Equal(2, result.GetProperty("id").GetInt64());
        Assert.Equal("fire and forget", result.GetProperty("value").GetString());
    }
}
