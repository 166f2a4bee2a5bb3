import Coordinator
import Foundation
import Worker
import ZeroMQ

/// A folder of CURVE keys as `lyapsweep keys generate` lays it out; every file is one Z85 key and a newline.
///
/// ```
/// DIR/coordinator.key           the coordinator's secret key   (coordinator host only)
/// DIR/coordinator.pub           the coordinator's public key   (every worker host)
/// DIR/workers/worker-K.key      worker K's secret key          (worker K's host only)
/// DIR/workers/worker-K.pub      worker K's public key
/// DIR/authorized/worker-K.pub   the worker public keys the coordinator admits (any *.pub file here)
/// ```
/// Files are created with mode 0600 and folders 0700; nothing existing is overwritten.
public struct KeyDirectory: Sendable {
    /// The folder.
    public let path: String

    /// A key folder at `path` (nothing is read or written until asked).
    public init(path: String) {
        self.path = path
    }

    /// What `lyapsweep keys generate --help` says of the layout and its use.
    public static let help = """
        Layout of DIR (nothing existing is overwritten):
          coordinator.key          coordinator's secret key: coordinator host only
          coordinator.pub          coordinator's public key: every worker host
          workers/worker-K.key     worker K's secret key: its host only (K = 1…N)
          workers/worker-K.pub     worker K's public key
          authorized/worker-K.pub  keys the coordinator admits: every *.pub here

        Use: `lyapsweep coordinator SWEEP --bind tcp://0.0.0.0:5555 --keys DIR` and \
        `lyapsweep worker --connect tcp://HEAD:5555 --keys DIR` (worker-1's key), or \
        `lyapsweep worker --connect … --key worker-K.key --server-key coordinator.pub` on a host \
        holding only those two files. To revoke a worker, delete its file from authorized/ and restart \
        the coordinator; to admit another, put its .pub file there.
        """

    /// The coordinator's secret key file.
    public var coordinatorSecretKey: String { path + "/coordinator.key" }
    /// The coordinator's public key file.
    public var coordinatorPublicKey: String { path + "/coordinator.pub" }
    /// The folder of the worker key pairs.
    public var workersFolder: String { path + "/workers" }
    /// The folder of the worker public keys the coordinator admits.
    public var authorizedFolder: String { path + "/authorized" }

    /// The secret key file of worker `number` (1-based).
    public func workerSecretKey(_ number: Int) -> String { workersFolder + "/worker-\(number).key" }

    /// Writes a coordinator key pair and `workers` worker key pairs, all authorized.
    ///
    /// - Returns: The files written.
    /// - Throws: ``KeyFileError`` if a file exists or cannot be written; ``ZeroMQError`` without CURVE.
    public func generate(workers: Int) throws -> [String] {
        for folder in [path, workersFolder, authorizedFolder] { try Self.makeFolder(folder) }
        let coordinator = try CurveKeyPair.generate()
        var written = [
            try Self.write(coordinator.secretKey, to: coordinatorSecretKey),
            try Self.write(coordinator.publicKey, to: coordinatorPublicKey),
        ]
        for number in 1...workers {
            let worker = try CurveKeyPair.generate()
            written.append(try Self.write(worker.secretKey, to: workerSecretKey(number)))
            written.append(try Self.write(worker.publicKey, to: workersFolder + "/worker-\(number).pub"))
            written.append(try Self.write(worker.publicKey, to: authorizedFolder + "/worker-\(number).pub"))
        }
        return written
    }

    /// The coordinator's keys: `coordinator.key` and every `authorized/*.pub`.
    ///
    /// - Throws: ``KeyFileError`` for a missing or malformed file, ``EndpointSecurityError`` for an empty
    ///   `authorized/` or a libzmq without CURVE.
    public func coordinatorSecurity() throws -> CoordinatorSecurity {
        try EndpointSecurity.requireCurve()
        let keyPair = try Self.readSecretKey(coordinatorSecretKey)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: authorizedFolder)) ?? []
        let keys = try names.filter { $0.hasSuffix(".pub") }.sorted().map { try Self.readKey(authorizedFolder + "/" + $0) }
        guard !keys.isEmpty else {
            throw EndpointSecurityError("no worker public keys (*.pub) in \(authorizedFolder): no worker could connect")
        }
        return try CoordinatorSecurity(keyPair: keyPair, authorizedWorkerKeys: Set(keys))
    }

    /// A worker's keys from its secret key file and the coordinator's public key file.
    ///
    /// - Throws: ``KeyFileError`` for a missing or malformed file, ``EndpointSecurityError`` without CURVE.
    public static func workerSecurity(secretKeyFile: String, serverKeyFile: String) throws -> WorkerSecurity {
        try EndpointSecurity.requireCurve()
        return WorkerSecurity(keyPair: try readSecretKey(secretKeyFile), serverPublicKey: try readKey(serverKeyFile))
    }

    /// The coordinator's keys of the `keys` folder (nil without one), after checking that `bind` may be bound
    /// with them, or in plaintext (``EndpointSecurity/checkBind(_:secured:insecure:keysHint:)``).
    public static func coordinatorSecurity(keys: String?, bind: String, insecure: Bool) throws -> CoordinatorSecurity? {
        try EndpointSecurity.checkBind(bind, secured: keys != nil, insecure: insecure, keysHint: "--keys DIR")
        return try keys.map { try KeyDirectory(path: $0).coordinatorSecurity() }
    }

    /// A worker's (or a status client's) keys from the command-line options: the secret key and server key files,
    /// each defaulting to the one of the `keys` folder (worker 1's key, `coordinator.pub`); nil when neither is given.
    public static func workerSecurity(keys: String?, secretKeyFile: String?, serverKeyFile: String?) throws -> WorkerSecurity? {
        guard let secret = secretKeyFile ?? keys.map({ KeyDirectory(path: $0).workerSecretKey(1) }),
              let server = serverKeyFile ?? keys.map({ KeyDirectory(path: $0).coordinatorPublicKey })
        else { return nil }
        return try workerSecurity(secretKeyFile: secret, serverKeyFile: server)
    }

    /// Reads a key file: 40 Z85 characters, surrounding whitespace ignored.
    public static func readKey(_ file: String) throws -> String {
        guard let text = FileManager.default.contents(atPath: file) else {
            throw KeyFileError("cannot read key file \(file) (generate keys with `lyapsweep keys generate --out DIR`)")
        }
        let key = String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard key.utf8.count == 40, let bytes = Z85.decode(key), bytes.count == 32 else {
            throw KeyFileError("\(file) is not a CURVE key: expected 40 Z85 characters")
        }
        return key
    }

    /// Reads a secret key file and derives its key pair.
    public static func readSecretKey(_ file: String) throws -> CurveKeyPair {
        try CurveKeyPair(secretKey: readKey(file))
    }

    /// Creates a folder with mode 0700 if it does not exist.
    private static func makeFolder(_ folder: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw KeyFileError("\(folder) exists and is not a folder") }
            return
        }
        guard mkdir(folder, 0o700) == 0 else {
            throw KeyFileError("cannot create \(folder): \(String(cString: strerror(errno)))")
        }
    }

    /// Creates `file` with mode 0600 (never overwriting) and writes `key` and a newline.
    private static func write(_ key: String, to file: String) throws -> String {
        let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it exists (keys are never overwritten)" : String(cString: strerror(errno))
            throw KeyFileError("cannot write \(file): \(reason)")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data((key + "\n").utf8))
        try handle.close()
        return file
    }
}

/// A key file is missing, malformed or cannot be written.
public struct KeyFileError: Error, CustomStringConvertible {
    /// What is wrong, with the file's path.
    public let description: String
    init(_ description: String) { self.description = description }
}
