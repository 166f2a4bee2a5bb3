import GRDB

extension StoreError {
    /// The error to report for a failure while reading or writing the database at `path`.
    ///
    /// A full disk (`SQLITE_FULL`) and an I/O error (`SQLITE_IOERR` and its extended codes, e.g. a failed
    /// fsync) become a ``StoreError`` naming the file and what to do; nothing of the failed transaction is
    /// stored, so restarting with the same database resumes the run from the results acknowledged before.
    /// Every other error is returned unchanged.
    static func mapping(_ error: any Error, path: String) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_FULL:
            return StoreError("""
                cannot write to \(path): the disk is full (SQLite: \(error.message ?? "database or disk is full")). \
                Free space on the disk that holds it, then start the coordinator again with the same --db: the run \
                resumes from the results stored so far (the unacknowledged ones are computed again).
                """)
        case .SQLITE_IOERR:
            return StoreError("""
                cannot read or write \(path): the operating system reported an I/O error (SQLite: \
                \(error.message ?? "disk I/O error"), code \(error.extendedResultCode.rawValue)). Check the disk \
                (space, permissions, `dmesg`), then start the coordinator again with the same --db: the run resumes \
                from the results stored so far (the unacknowledged ones are computed again).
                """)
        default:
            return error
        }
    }
}
