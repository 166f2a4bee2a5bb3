import CZeroMQ

/// CURVE security and ZAP options. Set them before ``bind(_:)`` or ``connect(_:)``.
///
/// A server sets ``setCurveServer(_:)`` and its secret key; a client sets its own key pair and the
/// server's public key. Without a ``ZAPHandler`` in the context any client with the server's public key
/// is admitted; with one, the handler decides.
extension Socket {
    /// Makes this socket the CURVE server side of its connections (`ZMQ_CURVE_SERVER`).
    ///
    /// - Parameter enabled: Whether to act as CURVE server.
    /// - Throws: ``ZeroMQError`` if libzmq lacks CURVE.
    public func setCurveServer(_ enabled: Bool) throws {
        try setIntOption(ZMQ_CURVE_SERVER, enabled ? 1 : 0, name: "ZMQ_CURVE_SERVER")
    }

    /// Whether this socket is a CURVE server (`ZMQ_CURVE_SERVER`).
    public var curveServer: Bool { get throws { try intOption(ZMQ_CURVE_SERVER, name: "ZMQ_CURVE_SERVER") != 0 } }

    /// Sets this socket's own CURVE public key (`ZMQ_CURVE_PUBLICKEY`); a client needs it.
    ///
    /// - Parameter z85: The key, 40 Z85 characters.
    /// - Throws: ``ZeroMQError`` (`EINVAL`) if it is not a Z85 key.
    public func setCurvePublicKey(_ z85: String) throws {
        try setCurveKey(ZMQ_CURVE_PUBLICKEY, z85, name: "ZMQ_CURVE_PUBLICKEY")
    }

    /// Sets this socket's own CURVE secret key (`ZMQ_CURVE_SECRETKEY`); clients and servers need it.
    ///
    /// - Parameter z85: The key, 40 Z85 characters.
    /// - Throws: ``ZeroMQError`` (`EINVAL`) if it is not a Z85 key.
    public func setCurveSecretKey(_ z85: String) throws {
        try setCurveKey(ZMQ_CURVE_SECRETKEY, z85, name: "ZMQ_CURVE_SECRETKEY")
    }

    /// Sets the public key of the CURVE server a client connects to, making it a CURVE client (`ZMQ_CURVE_SERVERKEY`).
    ///
    /// - Parameter z85: The server's public key, 40 Z85 characters.
    /// - Throws: ``ZeroMQError`` (`EINVAL`) if it is not a Z85 key.
    public func setCurveServerKey(_ z85: String) throws {
        try setCurveKey(ZMQ_CURVE_SERVERKEY, z85, name: "ZMQ_CURVE_SERVERKEY")
    }

    /// This socket's CURVE public key in Z85, empty if unset (`ZMQ_CURVE_PUBLICKEY`).
    public var curvePublicKey: String { get throws { try curveKey(ZMQ_CURVE_PUBLICKEY, name: "ZMQ_CURVE_PUBLICKEY") } }

    /// The CURVE server's public key a client uses, in Z85, empty if unset (`ZMQ_CURVE_SERVERKEY`).
    public var curveServerKey: String { get throws { try curveKey(ZMQ_CURVE_SERVERKEY, name: "ZMQ_CURVE_SERVERKEY") } }

    /// Makes this socket a CURVE server with `keyPair` (server flag, secret and public key).
    ///
    /// - Parameter keyPair: The server's keys; clients need its public key.
    /// - Throws: ``ZeroMQError`` if libzmq lacks CURVE.
    public func configureCurveServer(keyPair: CurveKeyPair) throws {
        try setCurveServer(true)
        try setCurveSecretKey(keyPair.secretKey)
        try setCurvePublicKey(keyPair.publicKey)
    }

    /// Makes this socket a CURVE client with its own `keyPair`, trusting the server's public key.
    ///
    /// - Parameters:
    ///   - keyPair: The client's keys; a ``ZAPHandler`` admits it by its public key.
    ///   - serverPublicKey: The server's public key, 40 Z85 characters.
    /// - Throws: ``ZeroMQError`` (`EINVAL`) if a key is not a Z85 key.
    public func configureCurveClient(keyPair: CurveKeyPair, serverPublicKey: String) throws {
        try setCurveServerKey(serverPublicKey)
        try setCurvePublicKey(keyPair.publicKey)
        try setCurveSecretKey(keyPair.secretKey)
    }

    /// Sets the ZAP authentication domain of this socket's connections (`ZMQ_ZAP_DOMAIN`).
    ///
    /// A ``ZAPHandler`` receives it with every request. On a socket without CURVE, a non-empty domain
    /// also makes libzmq consult the handler (NULL mechanism).
    /// - Parameter domain: The domain name.
    /// - Throws: ``ZeroMQError`` if refused.
    public func setZAPDomain(_ domain: String) throws {
        try setBytesOption(ZMQ_ZAP_DOMAIN, Array(domain.utf8), name: "ZMQ_ZAP_DOMAIN")
    }

    /// The ZAP domain, empty if unset (`ZMQ_ZAP_DOMAIN`).
    public var zapDomain: String {
        get throws {
            let bytes = try bytesOption(ZMQ_ZAP_DOMAIN, name: "ZMQ_ZAP_DOMAIN", capacity: 256)
            return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// Sets a CURVE key option from its Z85 text, refusing anything but 40 valid characters.
    private func setCurveKey(_ option: Int32, _ z85: String, name: String) throws {
        guard Z85.isCurveKey(z85) else {
            throw ZeroMQError.invalidArgument("setsockopt \(name): not a 40-character Z85 key")
        }
        try setBytesOption(option, Array(z85.utf8), name: name)
    }

    /// Reads a CURVE key option as Z85 text (libzmq returns the text form for a 41-byte buffer).
    private func curveKey(_ option: Int32, name: String) throws -> String {
        let bytes = try bytesOption(option, name: name, capacity: 41)
        let text = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        return text.allSatisfy { $0 == "0" } ? "" : text
    }
}
