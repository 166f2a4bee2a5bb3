import Foundation
import Testing
import ZeroMQ

/// Events collected from a monitor's thread.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [SocketEvent] = []

    func record(_ event: SocketEvent) { lock.withLock { entries.append(event) } }

    /// Waits up to `seconds` for an event of `kind`.
    func waitFor(_ kind: SocketEvents, seconds: Double) -> SocketEvent? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let event = lock.withLock({ entries.first { $0.kind == kind } }) { return event }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return nil
    }
}

@Suite("Socket monitor")
struct SocketMonitorTests {
    @Test("a plaintext peer of a CURVE server is reported as a mechanism mismatch")
    func plaintextPeerOfCurveServer() throws {
        let context = try Context()
        let server = try context.makeSocket(.router)
        try server.setLinger(milliseconds: 0)
        try server.configureCurveServer(keyPair: try CurveKeyPair.generate())
        let log = EventLog()
        let monitor = try SocketMonitor(socket: server, events: .handshakeFailures) { log.record($0) }
        try server.bind("tcp://127.0.0.1:*")
        let endpoint = try server.lastEndpoint

        // Longer than the monitor's receive timeout: it must keep listening, not stop at the first silence.
        Thread.sleep(forTimeInterval: 0.3)
        let plaintext = try context.makeSocket(.dealer)
        try plaintext.setLinger(milliseconds: 0)
        try plaintext.connect(endpoint)
        _ = try plaintext.send([Array("hello".utf8)], dontWait: true)

        let event = try #require(log.waitFor(.handshakeFailedProtocol, seconds: 5))
        #expect(event.description.contains("mechanism mismatch"), "\(event)")
        #expect(event.endpoint.hasPrefix("tcp://127.0.0.1:"))
        monitor.stop()
        plaintext.close()
        server.close()
    }

    @Test("a CURVE client with the right server key completes its handshake and reports success")
    func curveClientSucceeds() throws {
        let context = try Context()
        let serverKeys = try CurveKeyPair.generate()
        let server = try context.makeSocket(.router)
        try server.setLinger(milliseconds: 0)
        try server.configureCurveServer(keyPair: serverKeys)
        let log = EventLog()
        let monitor = try SocketMonitor(socket: server, events: [.handshakeSucceeded, .handshakeFailures]) {
            log.record($0)
        }
        try server.bind("tcp://127.0.0.1:*")
        let client = try context.makeSocket(.dealer)
        try client.setLinger(milliseconds: 0)
        try client.configureCurveClient(keyPair: try CurveKeyPair.generate(), serverPublicKey: serverKeys.publicKey)
        try client.connect(try server.lastEndpoint)

        #expect(log.waitFor(.handshakeSucceeded, seconds: 5) != nil)
        #expect(log.waitFor(.handshakeFailedProtocol, seconds: 0) == nil)
        monitor.stop()
        client.close()
        server.close()
    }
}
