import CZeroMQ

/// Facts about the libzmq library this module is linked against.
public enum ZeroMQ {
    /// A libzmq version number.
    public struct Version: Sendable, Hashable, Comparable, CustomStringConvertible {
        /// The major version, e.g. 4.
        public let major: Int
        /// The minor version, e.g. 3.
        public let minor: Int
        /// The patch level, e.g. 4.
        public let patch: Int

        /// Creates a version number.
        ///
        /// - Parameters:
        ///   - major: The major version.
        ///   - minor: The minor version.
        ///   - patch: The patch level.
        public init(major: Int, minor: Int, patch: Int) {
            self.major = major
            self.minor = minor
            self.patch = patch
        }

        /// The version as `major.minor.patch`.
        public var description: String { "\(major).\(minor).\(patch)" }

        /// Orders versions by major, then minor, then patch.
        public static func < (lhs: Version, rhs: Version) -> Bool {
            (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
        }
    }

    /// The version of the libzmq library loaded at run time (`zmq_version`).
    public static var version: Version {
        var major: Int32 = 0
        var minor: Int32 = 0
        var patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return Version(major: Int(major), minor: Int(minor), patch: Int(patch))
    }

    /// Whether libzmq was built with a capability (`zmq_has`).
    ///
    /// Known names include `ipc`, `pgm`, `tipc`, `norm`, `curve`, `gssapi` and `draft`.
    /// - Parameter capability: The capability's name, e.g. `"curve"`.
    /// - Returns: true if the capability is available.
    public static func has(_ capability: String) -> Bool {
        zmq_has(capability) != 0
    }
}
