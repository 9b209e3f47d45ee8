Console.WriteLine("ChatDb silo: not yet wired.");
