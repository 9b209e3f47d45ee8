using ChatDb.McpTestServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A small MCP server over standard input and output for the agent tool tests: `dotnet ChatDb.McpTestServer.dll`.
var builder = Host.CreateApplicationBuilder(args);

// Standard output carries the protocol; every log line goes to standard error.
builder.Logging.ClearProviders();
builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Services.AddMcpServer().WithStdioServerTransport().WithTools([typeof(TestServerTools), typeof(ExitTool), typeof(EnvironmentTool)]);
await builder.Build().RunAsync();
