using System.Diagnostics;

namespace Barge.Server.Tests.Reliability;

/// <summary>
/// Makes a folder and its files unwritable for real, root included: the immutable attribute (<c>chattr +i</c>)
/// refuses every write, even through a file descriptor opened before, and every new, renamed or removed file, as a
/// file system remounted read-only does. Permissions alone do not stop root, and a read-only remount is refused while
/// the server holds its files open for writing. Needs root (CAP_LINUX_IMMUTABLE) or password-less sudo, and a file
/// system with the attribute (ext4, xfs, btrfs, tmpfs).
/// <para>
/// SQLite's <c>-shm</c> file stays writable: SQLite maps it into memory and writes it as memory, and the kernel
/// answers such a write to an unwritable file with SIGBUS, which ends the process before any code can answer (so
/// would a file system the kernel remounts read-only after an error). What can be answered is a refused write of the
/// database or its WAL, which is what this makes happen.
/// </para>
/// </summary>
internal static class ImmutableFolder
{
    /// <summary>Why the attribute cannot be set here, or null when it can (tried on a scratch folder).</summary>
    public static string? Unavailable(string nextTo)
    {
        var probe = Path.Combine(Path.GetDirectoryName(nextTo)!, "immutable-probe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(probe);
        try
        {
            if (Run("+i", probe) is { } error) return error;
            var refused = false;
            try { File.WriteAllText(Path.Combine(probe, "f"), "x"); }
            catch (UnauthorizedAccessException) { refused = true; }
            catch (IOException) { refused = true; }
            return refused ? null : "the immutable attribute did not stop a write";
        }
        finally
        {
            Run("-i", probe, recursive: true);
            Directory.Delete(probe, recursive: true);
        }
    }

    /// <summary>
    /// The folder and every file in it but SQLite's shared-memory index (see above), which only a folder no running
    /// server holds may have frozen too (<paramref name="includingSharedMemory"/>).
    /// </summary>
    public static void Freeze(string folder, bool includingSharedMemory = false)
    {
        foreach (var file in Directory.GetFiles(folder).Where(f => includingSharedMemory || !f.EndsWith("-shm", StringComparison.Ordinal)))
            if (Run("+i", file) is { } fileError) throw new InvalidOperationException(fileError);
        if (Run("+i", folder) is { } error) throw new InvalidOperationException(error);
    }

    /// <summary>Lifts the attribute; safe to call on a folder never frozen (the test's cleanup must always thaw).</summary>
    public static void Thaw(string folder)
    {
        if (Directory.Exists(folder) && Run("-i", folder, recursive: true) is { } error) throw new InvalidOperationException(error);
    }

    private static string? Run(string change, string path, bool recursive = false)
    {
        var direct = Chattr(null, change, path, recursive);
        if (direct is null || Environment.UserName == "root") return direct;
        return Chattr("sudo", change, path, recursive) is null ? null : direct;
    }

    /// <summary>Runs <c>chattr [-R] change path</c> (through <paramref name="via"/> when given); its error, or null.</summary>
    private static string? Chattr(string? via, string change, string path, bool recursive)
    {
        var start = new ProcessStartInfo(via ?? "chattr") { RedirectStandardError = true, RedirectStandardOutput = true };
        if (via is not null)
        {
            start.ArgumentList.Add("-n");
            start.ArgumentList.Add("chattr");
        }
        if (recursive) start.ArgumentList.Add("-R");
        start.ArgumentList.Add(change);
        start.ArgumentList.Add(path);
        try
        {
            using var p = Process.Start(start)!;
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? null : $"chattr {change} failed ({p.ExitCode}): {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{start.FileName} cannot be run: {e.Message}";
        }
    }
}
