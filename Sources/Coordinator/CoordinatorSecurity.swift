import ZeroMQ

/// The CURVE keys of a coordinator: its own key pair and the worker public keys it admits.
///
/// With it, the coordinator's ROUTER socket is a CURVE server (every frame encrypted and authenticated) and
/// a ``ZAPHandler`` started before the bind admits only clients whose public key is listed; every refusal is
/// logged with the peer's address.
public struct CoordinatorSecurity: Sendable {
    /// The coordinator's key pair; workers need its public key.
    public var keyPair: CurveKeyPair
    /// The admitted workers' public keys, 40 Z85 characters each; never empty.
    public var authorizedWorkerKeys: Set<String>

    /// Creates the security settings of a coordinator.
    ///
    /// - Parameters:
    ///   - keyPair: The coordinator's key pair.
    ///   - authorizedWorkerKeys: The admitted workers' public keys.
    /// - Throws: ``EndpointSecurityError`` if no worker key is given, or libzmq lacks CURVE.
    public init(keyPair: CurveKeyPair, authorizedWorkerKeys: Set<String>) throws {
        try EndpointSecurity.requireCurve()
        guard !authorizedWorkerKeys.isEmpty else {
            throw EndpointSecurityError("no authorized worker public keys: no worker could connect")
        }
        self.keyPair = keyPair
        self.authorizedWorkerKeys = authorizedWorkerKeys
    }
}

/// The rule for which endpoints may carry plaintext: only those that never leave this machine.
///
/// `ipc://` and `inproc://` endpoints and tcp on a loopback address (`127.x.x.x`, `localhost`, `[::1]`) may be
/// bound without keys (`localhost` is bound as `127.0.0.1`, see ``bindableEndpoint(_:)``). Any other bind (`tcp://0.0.0.0:…`, `tcp://*:…`, an interface name or address, other
/// transports) needs CURVE keys, unless the user explicitly opts out. Every listening channel of lyapsweep
/// (ZeroMQ, status, dashboard) follows this rule.
public enum EndpointSecurity {
    /// Whether traffic on `endpoint` stays on this machine.
    ///
    /// - Parameter endpoint: A ZeroMQ endpoint such as `tcp://127.0.0.1:5555` or `ipc:///tmp/x.ipc`.
    /// - Returns: true for ipc, inproc and tcp on a loopback host.
    public static func isLocal(_ endpoint: String) -> Bool {
        let lower = endpoint.lowercased()
        if lower.hasPrefix("ipc://") || lower.hasPrefix("inproc://") { return true }
        guard lower.hasPrefix("tcp://") else { return false }
        var host = String(lower.dropFirst("tcp://".count))
        if let semicolon = host.lastIndex(of: ";") { host = String(host[host.index(after: semicolon)...]) }
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        return isLoopbackHost(host)
    }

    /// Whether a host name or address is loopback: `localhost`, `127.x.x.x`, `::1`.
    ///
    /// - Parameter host: A host name or a literal address, without brackets.
    public static func isLoopbackHost(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// Checks the form of an endpoint: a tcp endpoint needs a host and a port 1…65535 (or `*`, any free
    /// port, when binding); other transports are left to libzmq.
    ///
    /// - Parameters:
    ///   - endpoint: A ZeroMQ endpoint such as `tcp://127.0.0.1:5555`.
    ///   - binding: Whether it is to be bound (`*` is then allowed as port and host).
    /// - Throws: ``EndpointSecurityError`` saying what is allowed.
    public static func checkEndpoint(_ endpoint: String, binding: Bool = false) throws(EndpointSecurityError) {
        guard endpoint.lowercased().hasPrefix("tcp://") else { return }
        let address = endpoint.dropFirst("tcp://".count)
        let hostAndPort = address.lastIndex(of: ";").map { address[address.index(after: $0)...] } ?? address
        guard let colon = hostAndPort.lastIndex(of: ":"), hostAndPort.startIndex < colon else {
            throw EndpointSecurityError("\(endpoint) has no host and port; allowed: tcp://HOST:PORT, e.g. tcp://127.0.0.1:5555")
        }
        let port = hostAndPort[hostAndPort.index(after: colon)...]
        if binding && port == "*" { return }
        guard let number = Int(port), (1...65535).contains(number) else {
            throw EndpointSecurityError("""
                the port of \(endpoint) is "\(port)"; allowed: a TCP port 1…65535\(binding ? " or * (any free port)" : "")
                """)
        }
    }

    /// The endpoint libzmq is to bind for `endpoint`: its form checked (``checkEndpoint(_:binding:)``) and
    /// the host `localhost`, which libzmq cannot bind (it binds only addresses and interface names),
    /// replaced by `127.0.0.1` — the same loopback host ``isLocal(_:)`` accepts it as.
    ///
    /// - Throws: ``EndpointSecurityError`` if the endpoint's form is wrong.
    public static func bindableEndpoint(_ endpoint: String) throws(EndpointSecurityError) -> String {
        try checkEndpoint(endpoint, binding: true)
        let scheme = "tcp://"
        guard endpoint.lowercased().hasPrefix(scheme + "localhost:") else { return endpoint }
        return scheme + "127.0.0.1" + endpoint.dropFirst((scheme + "localhost").count)
    }

    /// Refuses a plaintext bind that would leave this machine.
    ///
    /// - Parameters:
    ///   - endpoint: The endpoint to bind.
    ///   - secured: Whether CURVE keys are configured for it.
    ///   - insecure: Whether the user explicitly allowed plaintext on the network.
    ///   - keysHint: How to give keys, for the message (e.g. "`--keys DIR`").
    /// - Throws: ``EndpointSecurityError`` saying how to generate keys.
    public static func checkBind(_ endpoint: String, secured: Bool, insecure: Bool, keysHint: String = "--keys DIR") throws {
        guard !secured, !insecure, !isLocal(endpoint) else { return }
        throw EndpointSecurityError("""
            refusing to bind \(endpoint) without keys: anyone who can reach it could read results or inject \
            false ones. Generate keys with `lyapsweep keys generate --out DIR --workers N`, then give the \
            coordinator \(keysHint) and each worker its key; or bind a loopback or ipc endpoint; or pass \
            --insecure if this network is trusted
            """)
    }

    /// Throws if the linked libzmq lacks CURVE (`zmq_has("curve")`).
    ///
    /// - Throws: ``EndpointSecurityError`` naming the libzmq version.
    public static func requireCurve() throws {
        guard ZeroMQ.has("curve") else {
            throw EndpointSecurityError(
                "libzmq \(ZeroMQ.version) was built without CURVE security; install a libzmq with libsodium "
                    + "(Debian's libzmq5 has it)")
        }
    }
}

/// A security rule was broken: a plaintext bind on the network, missing keys, or a libzmq without CURVE.
public struct EndpointSecurityError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and how to fix it.
    public let message: String

    /// Creates an error with a message for the user.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
