using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Barge.Core.Errors;
using Barge.Core.Journal;
using Barge.Core.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Barge.Core.Backup;

/// <summary>
/// Weaviate's filesystem backups: a backup is a folder under the backup root holding a consistent snapshot of the
/// whole store and a manifest naming the classes it was asked for; a restore copies those classes from the snapshot
/// into the live store. Both run in the background after the request is answered, as Weaviate's do, and report their
/// phase through the status calls. Only a store that can snapshot itself while serving (SQLite) makes backups; any
/// store restores them.
/// </summary>
public sealed partial class BackupService(SchemaService schema, BackupRestorer restorer, IStoreSnapshotReader reader,
    IStoreSnapshotWriter? writer, BackupSettings settings, TimeProvider clock, ILogger<BackupService>? log = null) : IAsyncDisposable
{
    private readonly ILogger _log = log ?? NullLogger<BackupService>.Instance;

    private readonly ConcurrentDictionary<string, BackupState> _creates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BackupState> _restores = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> _jobs = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Starts a backup of the selected classes (all when none is named); answers once it has started.</summary>
    public async Task<BackupState> CreateAsync(string id, ClassSelection selection, CancellationToken ct)
    {
        var folder = FolderOf(id);
        if (writer is null) throw new BackupException(settings.NoSnapshotMessage);
        var known = schema.Classes.Select(c => c.Name).ToList();
        var classes = Select(selection, known, "the schema");
        if (Directory.Exists(folder) || !_creates.TryAdd(id, Started(id, folder, classes)))
            throw new BackupException($"backup '{id}' already exists at '{folder}'");
        var state = _creates[id];
        Directory.CreateDirectory(folder);
        await BackupManifest.Of(state).WriteAsync(folder, ct).ConfigureAwait(false);
        Run(_creates, state, async (s, stop) =>
        {
            var partial = Path.Combine(folder, BackupManifest.SnapshotName + ".partial");
            Update(_creates, s with { Phase = BackupPhase.Transferring });
            await writer.WriteSnapshotAsync(partial, stop).ConfigureAwait(false);
            File.Move(partial, Path.Combine(folder, BackupManifest.SnapshotName));
        }, (s, stop) => BackupManifest.Of(s).WriteAsync(folder, stop));
        return state;
    }

    /// <summary>Where a backup stands: from this server's memory while it runs, else from its manifest.</summary>
    public async Task<BackupState> CreateStatusAsync(string id, CancellationToken ct)
    {
        var folder = FolderOf(id);
        if (_creates.TryGetValue(id, out var state)) return state;
        return (await BackupManifest.ReadAsync(folder, ct).ConfigureAwait(false))?.State(folder) ?? throw NotFound(id);
    }

    /// <summary>
    /// Starts bringing the selected classes of a finished backup back into the live store. Refused when one of them
    /// exists already: a restore adds classes, it never overwrites what is there.
    /// </summary>
    public async Task<BackupState> RestoreAsync(string id, ClassSelection selection, BatchRequest request, CancellationToken ct)
    {
        var folder = FolderOf(id);
        var manifest = await BackupManifest.ReadAsync(folder, ct).ConfigureAwait(false) ?? throw NotFound(id);
        if (manifest.Phase != BackupPhase.Success)
            throw new BackupException($"backup '{id}' cannot be restored: it is {BackupPhaseNames.Name(manifest.Phase)}, not SUCCESS");
        var classes = Select(selection, manifest.Classes, $"backup '{id}'");
        var existing = classes.Where(c => schema.Find(c) is not null).ToList();
        if (existing.Count > 0)
            throw new BackupException($"cannot restore backup '{id}': class{(existing.Count > 1 ? "es" : "")} {string.Join(", ", existing.Select(c => $"'{c}'"))} already exist{(existing.Count > 1 ? "" : "s")}; delete {(existing.Count > 1 ? "them" : "it")} first or exclude {(existing.Count > 1 ? "them" : "it")}");
        var state = Started(id, folder, classes);
        lock (_restores)
        {
            if (_restores.TryGetValue(id, out var running) && running.Phase is BackupPhase.Started or BackupPhase.Transferring)
                throw new BackupException($"backup '{id}' is being restored already");
            _restores[id] = state;
        }
        Run(_restores, state, async (s, stop) =>
        {
            Update(_restores, s with { Phase = BackupPhase.Transferring });
            await using var snapshot = await reader.OpenSnapshotAsync(Path.Combine(folder, BackupManifest.SnapshotName), stop).ConfigureAwait(false);
            await restorer.CopyAsync(snapshot.Store, classes, request with { Name = request.Name ?? $"restore of backup {id}" }, stop).ConfigureAwait(false);
        }, null);
        return state;
    }

    /// <summary>Where a restore started on this server stands.</summary>
    public BackupState RestoreStatus(string id)
    {
        FolderOf(id);
        return _restores.TryGetValue(id, out var state) ? state : throw NotFound(id, restore: true);
    }

    private BackupState Started(string id, string folder, IReadOnlyList<string> classes) =>
        new(id, folder, classes, BackupPhase.Started, null, clock.GetUtcNow(), null);

    /// <summary>Runs a job in the background; its end (success or the reason it failed) is what its status reports.</summary>
    private void Run(ConcurrentDictionary<string, BackupState> states, BackupState state, Func<BackupState, CancellationToken, Task> work,
        Func<BackupState, CancellationToken, Task>? record)
    {
        var stop = _stopping.Token;
        var job = Task.Run(async () =>
        {
            BackupState end;
            try
            {
                await work(state, stop).ConfigureAwait(false);
                end = states[state.Id].Done(clock.GetUtcNow());
            }
            catch (Exception ex)
            {
                if (!stop.IsCancellationRequested) JobFailed(_log, state.Id, ex);
                end = states[state.Id].Failing(stop.IsCancellationRequested ? "the server stopped before the job completed" : FailureMessage(ex), clock.GetUtcNow());
            }
            Update(states, end);
            if (record is not null) await record(end, CancellationToken.None).ConfigureAwait(false);
        }, CancellationToken.None);
        _jobs.TryAdd(job, true);
        _ = job.ContinueWith(t => _jobs.TryRemove(t, out _), TaskScheduler.Default);
    }

    private static void Update(ConcurrentDictionary<string, BackupState> states, BackupState state) => states[state.Id] = state;

    /// <summary>
    /// What a failed job's status says: our own messages as they are, the file system's about the backup folder (the
    /// operator's to act on), and for anything else (a driver's or the engine's text) a sentence of ours; the
    /// exception itself goes to the log.
    /// </summary>
    private static string FailureMessage(Exception ex) => ex switch
    {
        BargeException => ex.Message,
        IOException or UnauthorizedAccessException => $"the backup files could not be read or written: {ex.Message}",
        _ => "the job failed unexpectedly; the server's log has the details",
    };

    [LoggerMessage(EventId = 40, Level = LogLevel.Error, Message = "Backup job {BackupId} failed")]
    private static partial void JobFailed(ILogger log, string backupId, Exception error);

    private static IReadOnlyList<string> Select(ClassSelection selection, IReadOnlyList<string> available, string where)
    {
        if (selection.Include.Count > 0 && selection.Exclude.Count > 0)
            throw new BackupException("include and exclude cannot both be set: name the classes to take or the classes to leave out");
        if (selection.Include.FirstOrDefault(c => !available.Contains(c, StringComparer.Ordinal)) is { } missing)
            throw new BackupException($"class '{missing}' is not in {where}");
        var classes = selection.Of(available);
        return classes.Count > 0 ? classes : throw new BackupException($"there are no classes to take from {where}");
    }

    private string FolderOf(string id)
    {
        if (settings.Root is not { } root) throw new BackupException(BackupSettings.NotConfigured);
        if (!IdPattern().IsMatch(id))
            throw new BackupException($"invalid backup id '{id}': use lowercase letters, digits, '_' and '-' only (at most 128)");
        return Path.Combine(root, id);
    }

    private static BackupException NotFound(string id, bool restore = false) =>
        new(restore ? $"no restore of backup '{id}' was started on this server" : $"backup '{id}' not found", notFound: true);

    [GeneratedRegex("^[a-z0-9_-]{1,128}$")]
    private static partial Regex IdPattern();

    /// <summary>Stops running jobs (they end FAILED, saying the server stopped) before the store they use is closed.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_jobs.Keys).ConfigureAwait(false);
        _stopping.Dispose();
    }
}

/// <summary>Where backups live (<c>BACKUP_FILESYSTEM_PATH</c>; null: the filesystem backend is off) and why a store cannot make them.</summary>
public sealed record BackupSettings(string? Root, string NoSnapshotMessage)
{
    public const string NotConfigured = "backup backend 'filesystem' is not enabled: set BACKUP_FILESYSTEM_PATH to a folder for backups";
}

public static class BackupPhaseNames
{
    public static string Name(BackupPhase phase) => phase switch
    {
        BackupPhase.Started => "STARTED",
        BackupPhase.Transferring => "TRANSFERRING",
        BackupPhase.Success => "SUCCESS",
        _ => "FAILED",
    };
}
