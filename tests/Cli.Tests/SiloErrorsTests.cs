using System.Net;
using ChatDb.Client;
using Orleans.Runtime;

namespace ChatDb.Cli.Tests;

/// <summary>The REST client turns an error body back into the exception the cluster client would have thrown.</summary>
public sealed class SiloErrorsTests
{
    [Fact]
    public void Unavailable_BecomesSiloUnavailableException_WhichCallersRetry_AndTheCommandLineCallsUnreachable()
    {
        const string Body = """{"error":"unavailable","message":"A silo of the cluster became unavailable while handling the request; retry it shortly."}""";

        var error = SiloErrors.FromResponse(HttpStatusCode.ServiceUnavailable, "Service Unavailable", Body, "POST /users/alice/sessions/s/messages");

        var unavailable = Assert.IsType<SiloUnavailableException>(error);
        Assert.Equal("A silo of the cluster became unavailable while handling the request; retry it shortly.", unavailable.Message);
    }
}
