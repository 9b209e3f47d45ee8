Console.WriteLine("chatdb: not yet wired.");
return 1;
