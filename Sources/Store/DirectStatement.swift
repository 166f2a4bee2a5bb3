import Foundation
import GRDB
import GRDBSQLite

/// A prepared GRDB statement whose parameters are bound straight through the SQLite C API.
///
/// ``ResultStore/storeResults(_:)`` runs four or more inserts per result, tens of thousands of times a second
/// on a busy coordinator; GRDB's `StatementArguments` box every value into an existential first, which cost
/// about as much as SQLite's own work. This binds each value by its type and steps the statement once. Use it
/// only inside a GRDB write transaction, on a statement from `cachedStatement(sql:)`; errors are GRDB's
/// `DatabaseError`, so callers map them (a full disk, an I/O error) as for any other statement.
struct DirectStatement {
    private let statement: Statement
    private let db: Database
    private var handle: OpaquePointer { statement.sqliteStatement }
    /// SQLite copies a text or blob bound with this destructor before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// The cached statement of `sql` in `db`.
    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        self.db = db
    }

    /// Binds parameter `index` (1-based) to an integer, or NULL.
    func bind(_ index: Int32, _ value: Int?) {
        if let value { sqlite3_bind_int64(handle, index, Int64(value)) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds parameter `index` (1-based) to a Float64, or NULL.
    func bind(_ index: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds parameter `index` (1-based) to UTF-8 text.
    func bind(_ index: Int32, _ value: String) {
        var value = value
        value.withUTF8 { text in
            _ = text.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(handle, index, $0.baseAddress, Int32(text.count), Self.transient) }
        }
    }

    /// Binds parameter `index` (1-based) to the little-endian bytes of `values` (``FloatBlob``); NULL for nil and,
    /// as GRDB binds an empty `Data`, for no values.
    func bindBlob(_ index: Int32, _ values: [Double]?) {
        guard let values, !values.isEmpty else {
            sqlite3_bind_null(handle, index)
            return
        }
        #if _endian(little)
        values.withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
        #else
        FloatBlob.encode(values).withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
        #endif
    }

    /// Runs the statement with the bound parameters, then resets it and clears them.
    func run() throws {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: sqlite3_extended_errcode(db.sqliteConnection)),
                message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
        }
    }
}
