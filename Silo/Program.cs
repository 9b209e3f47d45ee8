using ChatDb.Silo;

return await SiloApplication.RunAsync(args, Console.Out, Console.Error);
