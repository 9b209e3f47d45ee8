using ChatDb.Api.Tests.Infrastructure;

namespace ChatDb.Api.Tests;

/// <summary>Who may export: a user's own key their own data, an admin key anyone's and any panel.</summary>
[Collection(SecuredApiCollection.Name)]
public sealed class ExportAccessTests(SecuredApiServer fixture)
{
    [Fact]
    public async Task UserKey_ExportsItsOwnUser_ButNotAnotherUserOrAPanel()
    {
        var server = fixture.Server.BaseAddress;
        var admin = RouteAccessTests.Bearer(fixture.AdminKey);
        var alice = RouteAccessTests.Bearer(fixture.AliceKey);
        Assert.Equal(200, (await RawHttp.SendAsync(server, "PUT", "/users/alice", """{"displayName":"Alice"}""", admin)).Status);
        Assert.Equal(200, (await RawHttp.SendAsync(server, "PUT", "/users/bob", """{"displayName":"Bob"}""", admin)).Status);

        var own = await RawHttp.SendAsync(server, "GET", "/users/alice/export", headers: alice);
        var other = await RawHttp.SendAsync(server, "GET", "/users/bob/export", headers: alice);
        var panel = await RawHttp.SendAsync(server, "GET", "/panels/panel_20200101_000000_000000/export", headers: alice);
        var byAdmin = await RawHttp.SendAsync(server, "GET", "/users/bob/export", headers: admin);

        Assert.Equal(200, own.Status);
        Assert.Contains("\"kind\":\"user\"", own.Body, StringComparison.Ordinal);
        Assert.Equal(403, other.Status);
        Assert.DoesNotContain("Bob", other.Body, StringComparison.Ordinal);
        Assert.Equal(403, panel.Status);
        Assert.Equal(200, byAdmin.Status);
        Assert.Contains("\"kind\":\"user\"", byAdmin.Body, StringComparison.Ordinal);
    }
}
