import CZeroMQ

/// A CURVE (Curve25519) key pair in Z85 text, for encrypted and authenticated ZeroMQ connections.
///
/// Each key is 32 bytes, 40 characters in Z85. The secret key must stay private; the public key is given
/// to peers (a client needs the server's public key, and a ``ZAPHandler`` lists admitted clients' ones).
public struct CurveKeyPair: Sendable, Hashable {
    /// The public key, 40 Z85 characters.
    public let publicKey: String
    /// The secret key, 40 Z85 characters.
    public let secretKey: String

    /// Makes a key pair from a secret key, deriving its public key (`zmq_curve_public`).
    ///
    /// - Parameter secretKey: A secret key, 40 Z85 characters.
    /// - Throws: ``ZeroMQError`` (`EINVAL`) if `secretKey` is not a Z85 key.
    public init(secretKey: String) throws {
        self.publicKey = try Self.publicKey(fromSecret: secretKey)
        self.secretKey = secretKey
    }

    /// Generates a new random key pair (`zmq_curve_keypair`).
    ///
    /// - Returns: The key pair.
    /// - Throws: ``ZeroMQError`` (`ENOTSUP`) if libzmq was built without CURVE.
    public static func generate() throws -> CurveKeyPair {
        var publicText = [CChar](repeating: 0, count: 41)
        var secretText = [CChar](repeating: 0, count: 41)
        let result = publicText.withUnsafeMutableBufferPointer { publicBuffer in
            secretText.withUnsafeMutableBufferPointer { secretBuffer in
                zmq_curve_keypair(publicBuffer.baseAddress, secretBuffer.baseAddress)
            }
        }
        guard result == 0 else { throw ZeroMQError.last("generate CURVE key pair") }
        return CurveKeyPair(uncheckedPublic: string(publicText), secret: string(secretText))
    }

    /// Derives the public key of a secret key (`zmq_curve_public`).
    ///
    /// - Parameter secretKey: A secret key, 40 Z85 characters.
    /// - Returns: Its public key, 40 Z85 characters.
    /// - Throws: ``ZeroMQError`` (`EINVAL`) if `secretKey` is not a Z85 key, `ENOTSUP` without CURVE.
    public static func publicKey(fromSecret secretKey: String) throws -> String {
        let operation = "derive CURVE public key"
        guard Z85.isCurveKey(secretKey) else { throw ZeroMQError.invalidArgument(operation + ": not a 40-character Z85 key") }
        var publicText = [CChar](repeating: 0, count: 41)
        let result = publicText.withUnsafeMutableBufferPointer { publicBuffer in
            zmq_curve_public(publicBuffer.baseAddress, secretKey)
        }
        guard result == 0 else { throw ZeroMQError.last(operation) }
        return string(publicText)
    }

    /// The public key's 32 bytes, as a ``ZAPHandler`` sees a client's key.
    public var publicKeyBytes: [UInt8] { Z85.decode(publicKey) ?? [] }

    private init(uncheckedPublic publicKey: String, secret secretKey: String) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// The text of a NUL-terminated buffer.
    private static func string(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension CurveKeyPair: CustomStringConvertible {
    /// The public key only, so that logging a key pair never leaks the secret key.
    public var description: String { "CurveKeyPair(public: \(publicKey))" }
}
