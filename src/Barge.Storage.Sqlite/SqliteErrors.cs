using Barge.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>SQLite's result codes the store gives Core a type for.</summary>
internal static class SqliteErrors
{
    private const int Readonly = 8;   // SQLITE_READONLY
    private const int Full = 13;      // SQLITE_FULL: the disk, or max_page_count, is full
    private const int CantOpen = 14;  // SQLITE_CANTOPEN: e.g. the WAL or a journal cannot be created in a read-only folder
    private const int Error = 1;      // SQLITE_ERROR: also how SQLite refuses a statement past its compile-time limits
    private const int TooBig = 18;    // SQLITE_TOOBIG: a string or statement longer than SQLite holds

    /// <summary>
    /// SQLITE_IOERR's extended codes of a failed write (not of a failed read): what a data folder that became
    /// read-only under the server (EROFS, EPERM) gives, as does a failing disk. Either way nothing was committed.
    /// </summary>
    private static readonly HashSet<int> WriteIoErrors =
    [
        778,  // SQLITE_IOERR_WRITE
        1034, // SQLITE_IOERR_FSYNC
        1290, // SQLITE_IOERR_DIR_FSYNC
        1546, // SQLITE_IOERR_TRUNCATE
        2570, // SQLITE_IOERR_DELETE
        4618, // SQLITE_IOERR_SHMOPEN
        4874, // SQLITE_IOERR_SHMSIZE
    ];

    /// <summary>A full disk, an unwritable data folder or a failed write as <see cref="OutOfSpaceException"/>; anything else as it is.</summary>
    public static Exception Translate(Exception error) => error switch
    {
        // The primary code is the low byte of an extended one (SQLITE_READONLY_DBMOVED and the like).
        SqliteException { SqliteErrorCode: var code } when (code & 0xff) == Full => OutOfSpaceException.DiskFull(error),
        SqliteException { SqliteErrorCode: var code } when (code & 0xff) is Readonly or CantOpen => OutOfSpaceException.ReadOnly(error),
        SqliteException { SqliteExtendedErrorCode: var code } when WriteIoErrors.Contains(code) => OutOfSpaceException.Unwritable(error),
        _ => error,
    };

    /// <summary>
    /// A filtered read SQLite refused for one of its own limits, as <see cref="Relational.FilterRefusal"/>'s 422; null
    /// for anything else (a fault of ours stays a 500). SQLite names these limits only in its message text.
    /// </summary>
    public static Exception? RefusedQuery(Exception error) => error switch
    {
        SqliteException { SqliteErrorCode: var code } when (code & 0xff) == TooBig => Relational.FilterRefusal.Refused("SQLite", "a value or the statement is too large"),
        SqliteException { SqliteErrorCode: var code } e when (code & 0xff) == Error => e.Message switch
        {
            var m when m.Contains("Expression tree is too large", StringComparison.Ordinal) || m.Contains("parser stack overflow", StringComparison.Ordinal)
                => Relational.FilterRefusal.Refused("SQLite", "the filter nests deeper than SQLite compiles"),
            var m when m.Contains("too many SQL variables", StringComparison.Ordinal) => Relational.FilterRefusal.Refused("SQLite", "too many values"),
            var m when m.Contains("pattern too complex", StringComparison.Ordinal) => Relational.FilterRefusal.Refused("SQLite", "the Like pattern is too complex"),
            _ => null,
        },
        _ => null,
    };
}
