using System.Text.Json;
using System.Text.Json.Serialization;

namespace Barge.Core.Backup;

/// <summary>
/// What a backup folder says about itself (<c>backup.json</c> beside the snapshot): written when the backup starts and
/// again when it ends, so that its status survives a restart of the server and another server can restore it.
/// </summary>
internal sealed record BackupManifest(string Id, IReadOnlyList<string> Classes, BackupPhase Phase, string? Error, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt)
{
    public const string FileName = "backup.json";
    public const string SnapshotName = "barge.db";

    public static BackupManifest Of(BackupState s) => new(s.Id, s.Classes, s.Phase, s.Error, s.StartedAt, s.CompletedAt);

    public BackupState State(string folder) => new(Id, folder, Classes, Phase, Error, StartedAt, CompletedAt);

    public static async Task<BackupManifest?> ReadAsync(string folder, CancellationToken ct)
    {
        var file = Path.Combine(folder, FileName);
        if (!File.Exists(file)) return null;
        await using var stream = File.OpenRead(file);
        return await JsonSerializer.DeserializeAsync(stream, BackupManifestJson.Default.BackupManifest, ct).ConfigureAwait(false);
    }

    /// <summary>Written to a side file and moved over the old one, so that a crash leaves the old manifest or the new one.</summary>
    public async Task WriteAsync(string folder, CancellationToken ct)
    {
        var file = Path.Combine(folder, FileName);
        var next = file + ".next";
        await using (var stream = File.Create(next))
            await JsonSerializer.SerializeAsync(stream, this, BackupManifestJson.Default.BackupManifest, ct).ConfigureAwait(false);
        File.Move(next, file, overwrite: true);
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(BackupManifest))]
internal sealed partial class BackupManifestJson : JsonSerializerContext;
