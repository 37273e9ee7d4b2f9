using Barge.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>SQLite's result codes the store gives Core a type for.</summary>
internal static class SqliteErrors
{
    private const int Readonly = 8;   // SQLITE_READONLY
    private const int Full = 13;      // SQLITE_FULL: the disk, or max_page_count, is full
    private const int CantOpen = 14;  // SQLITE_CANTOPEN: e.g. the WAL or a journal cannot be created in a read-only folder

    /// <summary>A full disk or an unwritable data folder as <see cref="OutOfSpaceException"/>; anything else as it is.</summary>
    public static Exception Translate(Exception error) => error switch
    {
        // The primary code is the low byte of an extended one (SQLITE_READONLY_DBMOVED and the like).
        SqliteException { SqliteErrorCode: var code } when (code & 0xff) == Full => OutOfSpaceException.DiskFull(error),
        SqliteException { SqliteErrorCode: var code } when (code & 0xff) is Readonly or CantOpen => OutOfSpaceException.ReadOnly(error),
        _ => error,
    };
}
