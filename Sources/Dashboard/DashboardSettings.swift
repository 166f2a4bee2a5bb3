import Coordinator

/// Where the dashboard listens and the token it demands.
///
/// The dashboard follows the rule of every lyapsweep channel (``EndpointSecurity``): on a loopback address
/// (the default `127.0.0.1`) it may serve anyone on this machine; on any other address it requires a token,
/// which every request but `/healthz` must then carry (`Authorization: Bearer TOKEN` or `?token=TOKEN`).
public struct DashboardSettings: Sendable {
    /// The address to bind, e.g. `127.0.0.1` (the default) or `0.0.0.0`.
    public var host: String
    /// The TCP port; 0 picks a free one.
    public var port: Int
    /// The token every request but `/healthz` must carry; nil accepts any request (loopback only).
    public var token: String?

    /// Creates settings.
    ///
    /// - Parameters:
    ///   - host: The address to bind.
    ///   - port: The TCP port.
    ///   - token: The token requests must carry, or nil.
    public init(host: String = "127.0.0.1", port: Int, token: String? = nil) {
        self.host = host
        self.port = port
        self.token = token
    }

    /// Refuses a bind that would serve the sweep beyond this machine without a token.
    ///
    /// - Parameters:
    ///   - tokenOption: The command-line option that gives the token, for the message.
    ///   - hostOption: The command-line option that gives the address, for the message.
    /// - Throws: ``EndpointSecurityError`` saying how to give a token or where to bind instead.
    public func checkBind(tokenOption: String = "--dashboard-token", hostOption: String = "--dashboard-host") throws {
        if let token, token.isEmpty { throw EndpointSecurityError("\(tokenOption) must not be empty") }
        guard token == nil, !EndpointSecurity.isLoopbackHost(host) else { return }
        throw EndpointSecurityError("""
            refusing to serve the dashboard on \(host):\(port) without a token: anyone who can reach it could watch \
            the sweep and its workers. Give \(tokenOption) TOKEN (every request must then carry \
            `Authorization: Bearer TOKEN` or `?token=TOKEN`), or keep the default \(hostOption) 127.0.0.1 and \
            reach it through an ssh tunnel (`ssh -L \(port):127.0.0.1:\(port) HOST`)
            """)
    }
}
