import Foundation
import GRDB

extension ResultStore {
    /// What a database path holds before the store opens it.
    enum FileContents: Equatable {
        /// No file: a read-write open creates it.
        case missing
        /// An empty file or an SQLite database without tables: a read-write open creates the schema in it.
        case empty
        /// A lyapsweep database (possibly of an older schema version).
        case lyapsweep
    }

    /// Finds out what `path` holds without changing it (read-only SQLite connection), so that another
    /// program's file is refused before anything — even switching it to WAL mode — is written to it.
    ///
    /// - Throws: ``StoreError`` naming `path` if it is a folder, unreadable, not an SQLite database, some other
    ///   program's database or one of a newer lyapsweep; read-only, also if it is missing, empty or has no tables.
    static func inspect(path: String, mode: AccessMode) throws -> FileContents {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            if mode == .readOnly { throw StoreError("no database at \(path): give the --db file of a lyapsweep run") }
            return .missing
        }
        guard !isDirectory.boolValue else { throw StoreError("\(path) is a folder, not a database file") }
        // Only SQLite opens the file: closing a descriptor of our own would drop the POSIX locks that this process's
        // connections to the database hold, and another process could then delete the log they are reading.
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
        if size == 0 {
            if mode == .readOnly { throw StoreError("\(path) is empty: no lyapsweep run has been stored in it yet") }
            return .empty
        }
        let (names, migrations) = try schema(of: path)
        if names.isEmpty {
            if mode == .readOnly { throw StoreError("\(path) is an SQLite database without tables: no lyapsweep run has been stored in it yet") }
            return .empty
        }
        let foreign = names.subtracting(schemaTables).sorted()
        guard foreign.isEmpty, let migrations else {
            let shown = foreign.isEmpty ? names.sorted() : foreign
            throw StoreError("""
                \(path) is another program's SQLite database (tables \(shown.prefix(8).joined(separator: ", "))\
                \(shown.count > 8 ? ", …" : "")), not a lyapsweep database; refusing to use or change it: give another --db
                """)
        }
        let unknown = migrations.subtracting(migrator.migrations).sorted()
        guard unknown.isEmpty else {
            throw StoreError("""
                \(path) was written by a newer lyapsweep (schema \(unknown.joined(separator: ", "))); \
                use that version with it, or give another --db
                """)
        }
        return .lyapsweep
    }

    /// The names of the tables, views and triggers of the database at `path` (SQLite's own excluded) and the
    /// identifiers of its applied migrations (nil without a migrations table), read through a read-only connection.
    ///
    /// Without a `-wal` file beside it (no connection has the database open in WAL mode) the file holds the whole
    /// database and is opened immutable, so that not even the `-wal` and `-shm` files of a WAL database are
    /// created beside another program's file; an SQLite without URI filenames opens it read-only instead.
    private static func schema(of path: String) throws -> (names: Set<String>, migrations: Set<String>?) {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        do {
            let queue: DatabaseQueue
            if FileManager.default.fileExists(atPath: path + "-wal") {
                queue = try DatabaseQueue(path: path, configuration: configuration)
            } else {
                let escaped = path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "?", with: "%3f")
                    .replacingOccurrences(of: "#", with: "%23")
                queue = try (try? DatabaseQueue(path: "file:\(escaped)?immutable=1", configuration: configuration))
                    ?? DatabaseQueue(path: path, configuration: configuration)
            }
            defer { try? queue.close() }
            return try queue.read { db in
                let names = Set(try String.fetchAll(db, sql: """
                    SELECT name FROM sqlite_master WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                    """))
                let migrations = names.contains("grdb_migrations")
                    ? Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")) : nil
                return (names, migrations)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError("\(path) is not an SQLite database, so not a lyapsweep one; refusing to use it: give another --db")
        } catch {
            throw StoreError("cannot read \(path) as an SQLite database: \(StoreError.mapping(error, path: path))")
        }
    }
}
