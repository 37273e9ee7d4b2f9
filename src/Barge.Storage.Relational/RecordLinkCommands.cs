using Barge.Core.Hat;
using Barge.Core.Storage;

namespace Barge.Storage.Relational;

// HAT's link groups as the relational stores write them: commands their writer runs in the transaction of the batch
// that carries them (each store's IObjectRows.RunOther). Core never names them: it asks a store's
// IRecordLinkStore.Link / Unlink for the command and passes it on with the batch's other commands.

/// <summary>
/// Makes the records one link group (n-ary, undirected). Fails (<see cref="WriteStatus.NotFound"/>) when a record
/// does not exist when the writer gets to it.
/// </summary>
public sealed record LinkRecords(string GroupId, IReadOnlyList<RecordRef> Records) : WriteCommand;

/// <summary>Removes the records from every link group; groups left with fewer than two records go too.</summary>
public sealed record UnlinkRecords(IReadOnlyList<string> Ids) : WriteCommand;
