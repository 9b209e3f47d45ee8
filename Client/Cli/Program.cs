using ChatDb.Cli;

return await CliRoot.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
