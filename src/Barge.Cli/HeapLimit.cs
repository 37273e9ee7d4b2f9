using Barge.Server.Hosting;

namespace Barge.Cli;

/// <summary>
/// Gives the garbage collector of this process the managed heap's hard limit (<see cref="BargeOptions.MemoryLimitBytes"/>).
/// Set in the running process rather than in the runtime's config file, so that one <c>BARGE_*</c> setting or flag,
/// checked with the others, decides it; a limit from the runtime's own settings (<c>DOTNET_GCHeapHardLimit</c>) wins,
/// as the operator who set it meant.
/// </summary>
public static class HeapLimit
{
    /// <summary>Applies the limit; null when applied (or none asked for), else why not, for the start's error line.</summary>
    public static string? Apply(long bytes)
    {
        if (bytes == 0 || AppContext.GetData("GCHeapHardLimit") is not null || Environment.GetEnvironmentVariable("DOTNET_GCHeapHardLimit") is not null)
            return null;
        AppContext.SetData("GCHeapHardLimit", (ulong)bytes);
        try
        {
            GC.RefreshMemoryLimit();
            return null;
        }
        catch (InvalidOperationException ex)
        {
            // The runtime refuses a limit below what it has already committed; the server would not fit in it anyway.
            return $"the memory limit {ByteSize.Describe(bytes)} is below what the runtime already holds: {ex.Message}";
        }
    }
}
