namespace Barge.Core.Backup;

/// <summary>Weaviate's phases of a backup or restore; Barge's jobs pass through STARTED, TRANSFERRING, then SUCCESS or FAILED.</summary>
public enum BackupPhase { Started, Transferring, Success, Failed }

/// <summary>What a backup or a restore job has done so far, as its status call reports it.</summary>
/// <param name="Path">Where the backup lives: its folder under the backup root.</param>
/// <param name="Classes">The classes the backup holds (create) or that the restore brings back (restore).</param>
public sealed record BackupState(string Id, string Path, IReadOnlyList<string> Classes, BackupPhase Phase, string? Error, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt)
{
    public BackupState Done(DateTimeOffset at) => this with { Phase = BackupPhase.Success, CompletedAt = at };
    public BackupState Failing(string error, DateTimeOffset at) => this with { Phase = BackupPhase.Failed, Error = error, CompletedAt = at };
}

/// <summary>The classes a backup or restore request names: <see cref="Include"/> or <see cref="Exclude"/>, not both (empty: every class).</summary>
public sealed record ClassSelection(IReadOnlyList<string> Include, IReadOnlyList<string> Exclude)
{
    public static readonly ClassSelection All = new([], []);

    public IReadOnlyList<string> Of(IEnumerable<string> classes) =>
        [.. classes.Where(c => (Include.Count == 0 || Include.Contains(c, StringComparer.Ordinal)) && !Exclude.Contains(c, StringComparer.Ordinal))];
}

/// <summary>A backup or restore request that cannot be carried out: of kind NotFound when the backup does not exist.</summary>
public sealed class BackupException(string message, bool notFound = false)
    : Errors.BargeException(notFound ? Errors.ErrorKind.NotFound : Errors.ErrorKind.Invalid, message);
