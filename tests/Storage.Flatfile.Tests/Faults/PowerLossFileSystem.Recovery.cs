namespace ChatDb.Storage.Flatfile.Tests.Faults;

// Rewrites the real tree to what the disk holds after the power loss.
internal sealed partial class PowerLossFileSystem
{
    /// <summary>
    /// Ends the simulation (every later operation fails) and rewrites the directory to its state after the
    /// power loss; returns how many files were torn (kept bytes that were never synced). Close the engine's
    /// handles first; recover with the real file system afterwards.
    /// </summary>
    public int Recover(PowerLossMode mode, Random random)
    {
        lock (_gate)
        {
            _crashed = true;
            var torn = 0;
            var survivors = new List<(string Path, byte[]? Content)>();
            Collect(_rootNode, _root, mode, random, survivors, ref torn);

            foreach (var entry in new DirectoryInfo(_root).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo directory)
                {
                    directory.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }
            }

            foreach (var (path, content) in survivors)
            {
                if (content is null)
                {
                    Directory.CreateDirectory(path);
                }
                else
                {
                    File.WriteAllBytes(path, content);
                }
            }

            return torn;
        }
    }

    private static void Collect(DirNode node, string path, PowerLossMode mode, Random random, List<(string, byte[]?)> survivors, ref int torn)
    {
        var entries = mode == PowerLossMode.Tear && random.Next(2) == 0 ? node.Current : node.Durable;
        foreach (var (name, entry) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var child = Path.Combine(path, name);
            if (entry is DirNode directory)
            {
                survivors.Add((child, null));
                Collect(directory, child, mode, random, survivors, ref torn);
                continue;
            }

            var inode = (Inode)entry;
            var content = mode == PowerLossMode.Tear ? Tear(inode, random) : inode.Durable;
            if (!content.AsSpan().SequenceEqual(inode.Durable))
            {
                torn++;
            }

            survivors.Add((child, content));
        }
    }

    /// <summary>The synced bytes, or the current bytes cut at a random point past the synced prefix, or zeros there.</summary>
    private static byte[] Tear(Inode inode, Random random)
    {
        var current = OnDisk(inode);
        var durable = inode.Durable;
        if (current.AsSpan().SequenceEqual(durable))
        {
            return durable;
        }

        var common = CommonPrefix(durable, inode.Current);
        var cut = random.Next(common, Math.Max(common, current.Length) + 1);
        return random.Next(3) switch
        {
            0 => durable,
            1 => current[..cut],
            _ => [.. durable.AsSpan(0, Math.Min(common, durable.Length)), .. new byte[cut - common]],
        };
    }

    private static DirNode Adopt(string directory)
    {
        var node = new DirNode();
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            node.Current[entry.Name] = entry is DirectoryInfo ? Adopt(entry.FullName) : new Inode(File.ReadAllBytes(entry.FullName));
        }

        node.Durable = new Dictionary<string, object>(node.Current, StringComparer.Ordinal);
        return node;
    }
}
