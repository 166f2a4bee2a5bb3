import Foundation
import Testing
import ZeroMQ

/// Refusals collected from the handler's thread.
final class RefusalLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [ZAPRefusal] = []

    func record(_ refusal: ZAPRefusal) { lock.withLock { entries.append(refusal) } }
    var all: [ZAPRefusal] { lock.withLock { entries } }

    /// Waits up to `seconds` for a first refusal.
    func waitForFirst(seconds: Double) -> ZAPRefusal? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let first = all.first { return first }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return all.first
    }
}

@Suite("ZAP handler")
struct ZAPHandlerTests {
    /// A DEALER set up as CURVE client of `serverKey` with linger 0.
    func client(_ context: Context, keys: CurveKeyPair, serverKey: String, endpoint: String) throws -> Socket {
        let socket = try context.makeSocket(.dealer)
        try socket.setLinger(milliseconds: 0)
        try socket.setReconnectInterval(milliseconds: 1000)
        try socket.setReceiveTimeout(milliseconds: 5000)
        try socket.configureCurveClient(keyPair: keys, serverPublicKey: serverKey)
        try socket.connect(endpoint)
        return socket
    }

    @Test("a listed CURVE client is admitted and an unknown one refused and reported")
    func admitsListedKeysOnly() throws {
        let context = try Context()
        let serverKeys = try CurveKeyPair.generate()
        let listed = try CurveKeyPair.generate()
        let unknown = try CurveKeyPair.generate()
        let log = RefusalLog()
        let handler = try ZAPHandler(context: context, allowedPublicKeys: [listed.publicKey]) { log.record($0) }
        defer { handler.stop() }
        #expect(handler.allowedPublicKeys == [listed.publicKey])

        let server = try context.makeSocket(.router)
        try server.setLinger(milliseconds: 0)
        try server.setReceiveTimeout(milliseconds: 5000)
        try server.configureCurveServer(keyPair: serverKeys)
        try server.bind("tcp://127.0.0.1:*")
        let endpoint = try server.lastEndpoint

        let intruder = try client(context, keys: unknown, serverKey: serverKeys.publicKey, endpoint: endpoint)
        try intruder.send([Array("let me in".utf8)])
        let refusal = try #require(log.waitForFirst(seconds: 5))
        #expect(refusal.clientPublicKey == unknown.publicKey)
        #expect(refusal.address == "127.0.0.1")
        #expect(refusal.mechanism == "CURVE")
        #expect(refusal.description.contains("127.0.0.1"))

        let member = try client(context, keys: listed, serverKey: serverKeys.publicKey, endpoint: endpoint)
        try member.send([Array("hello".utf8)])
        let request = try #require(try server.receive())
        #expect(request.last == Array("hello".utf8))
        try server.setReceiveTimeout(milliseconds: 200)
        #expect(try server.receive() == nil)  // the intruder's message never arrives

        #expect(log.all.allSatisfy { $0.clientPublicKey == unknown.publicKey })
        intruder.close()
        member.close()
        server.close()
        handler.stop()
        handler.stop()
        #expect(handler.failure == nil)
    }

    @Test("only one handler per context; bad keys are refused; the key set can change")
    func setup() throws {
        let context = try Context()
        let key = try CurveKeyPair.generate().publicKey
        #expect(throws: ZeroMQError.self) { try ZAPHandler(context: context, allowedPublicKeys: ["not a key"]) }
        let handler = try ZAPHandler(context: context, allowedPublicKeys: [String]())
        let error = try #require(throws: ZeroMQError.self) { try ZAPHandler(context: context, allowedPublicKeys: [key]) }
        #expect(error.code == ZeroMQError.Code.addressInUse)
        try handler.allow(publicKey: key)
        #expect(handler.allowedPublicKeys == [key])
        handler.revoke(publicKey: key)
        #expect(handler.allowedPublicKeys.isEmpty)
        try handler.setAllowedPublicKeys([key])
        #expect(handler.allowedPublicKeys == [key])
        #expect(throws: ZeroMQError.self) { try handler.setAllowedPublicKeys(["x"]) }
        #expect(handler.allowedPublicKeys == [key])
        handler.stop()
        // After stop the endpoint is free again.
        let again = try ZAPHandler(context: context, allowedPublicKeys: [key])
        again.stop()
    }

    @Test("a NULL-mechanism peer of a socket with a ZAP domain is refused")
    func refusesNullMechanism() throws {
        let context = try Context()
        let log = RefusalLog()
        let handler = try ZAPHandler(context: context, allowedPublicKeys: [String]()) { log.record($0) }
        defer { handler.stop() }
        let server = try context.makeSocket(.router)
        try server.setLinger(milliseconds: 0)
        try server.setZAPDomain("sweep")
        try server.bind("tcp://127.0.0.1:*")
        let peer = try context.makeSocket(.dealer)
        try peer.setLinger(milliseconds: 0)
        try peer.setReconnectInterval(milliseconds: 1000)
        try peer.connect(try server.lastEndpoint)
        try peer.send([[1]])
        let refusal = try #require(log.waitForFirst(seconds: 5))
        #expect(refusal.mechanism == "NULL")
        #expect(refusal.domain == "sweep")
        #expect(refusal.clientPublicKey == nil)
        #expect(try server.receive(dontWait: true) == nil)
    }
}
