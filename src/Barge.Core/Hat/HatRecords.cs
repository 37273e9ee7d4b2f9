using System.Text.Json;
using Barge.Core.Objects;
using Barge.Core.Storage;

namespace Barge.Core.Hat;

/// <summary>
/// A record as a HAT client sends it: <c>namespace/endpoint</c>, any JSON as data (an element of the parsed request,
/// null when it is missing or JSON null), and records linked to it.
/// </summary>
public sealed record HatRecordInput(string Endpoint, JsonElement? Data, IReadOnlyList<HatRecordInput> Links);

/// <summary>
/// A stored HAT record: its endpoint, id and data (as JSON text, answered as it is), and (when asked for) the records
/// linked to it.
/// </summary>
public sealed record HatRecord(string Endpoint, string RecordId, byte[] Data, IReadOnlyList<HatRecord>? Links);

/// <summary>
/// Why one record of a save failed. <see cref="Index"/> is the record's position in the request and
/// <see cref="Link"/> its position among that record's links (null for the record itself);
/// <see cref="ExistingRecordId"/> names the stored record a duplicate repeats; <see cref="Code"/> is what the journal keeps.
/// </summary>
public sealed record HatRecordError(int Index, int? Link, string Endpoint, Errors.ItemErrorCode Code, string Error, string? ExistingRecordId = null);

/// <summary>The outcome of a save: the saved records in input order (skipped ones left out), the errors, and the batch.</summary>
public sealed record HatSaveResult(IReadOnlyList<HatRecord> Saved, IReadOnlyList<HatRecordError> Errors, string BatchId)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>A stored object a link group can name: HAT record ids are unique, but objects are found by class and id.</summary>
public sealed record RecordRef(string Class, string Id);

/// <summary>A record linked to <see cref="RecordId"/> through some group.</summary>
public sealed record LinkedRecord(string RecordId, StoredObject Linked);

/// <summary>
/// HAT's link groups in a store. The writes are commands of the store's own, which its writer runs in the transaction
/// of the batch that carries them: a use case asks for them here and passes them to <see cref="IObjectStore.WriteAsync(IReadOnlyList{WriteCommand}, WriteOptions, CancellationToken)"/>
/// with the batch's other commands.
/// </summary>
public interface IRecordLinkStore
{
    /// <summary>
    /// A command that makes the records one link group (n-ary, undirected). Its outcome fails
    /// (<see cref="WriteStatus.NotFound"/>) when a record does not exist when the writer gets to it.
    /// </summary>
    WriteCommand Link(string groupId, IReadOnlyList<RecordRef> records);

    /// <summary>A command that removes the records from every link group; groups left with fewer than two records go too.</summary>
    WriteCommand Unlink(IReadOnlyList<string> ids);

    /// <summary>For each given id, the other existing records in its groups, each once, oldest first.</summary>
    Task<IReadOnlyList<LinkedRecord>> FindLinkedAsync(IReadOnlyList<string> recordIds, CancellationToken ct = default);
}
