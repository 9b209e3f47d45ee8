namespace ChatDb.Silo.Api.Contracts;

/// <summary>Body of <c>GET /health</c>.</summary>
/// <param name="Status">"healthy" when the silo answered a grain call.</param>
/// <param name="Time">The silo's clock, UTC.</param>
public sealed record HealthReport(string Status, DateTimeOffset Time);
