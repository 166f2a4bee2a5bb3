import Foundation
import Wire
import ZeroMQ

/// A peer that speaks the wire protocol as a test script says: a worker that never answers, a forger, a stranger.
final class ScriptedPeer {
    let context: Context
    let socket: Socket
    let identity: String

    /// Connects a DEALER with routing identity `identity` to `endpoint`.
    init(identity: String, endpoint: String) throws {
        self.identity = identity
        context = try Context()
        socket = try context.makeSocket(.dealer)
        try socket.setLinger(milliseconds: 0)
        try socket.setRoutingID(Array(identity.utf8))
        try socket.setReceiveTimeout(milliseconds: 100)
        try socket.connect(endpoint)
    }

    deinit { socket.close() }

    /// Sends one message.
    func send(_ message: WireMessage) throws {
        _ = try socket.send(WireCodec.encode(message))
    }

    /// Says HELLO as a worker would.
    func hello() throws {
        try send(.hello(Hello(workerID: identity, host: "scripted", pid: 1, processes: 1, softwareVersion: "test")))
    }

    /// Messages received until `count` of them match `wanted`, or `seconds` pass (decoded; undecodable ones are skipped).
    func receive(until seconds: Double, count: Int = 1, _ wanted: (WireMessage) -> Bool) throws -> [WireMessage] {
        var messages: [WireMessage] = []
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline && messages.filter(wanted).count < count {
            if let frames = try socket.receive(), let message = try? WireCodec.decode(frames) { messages.append(message) }
        }
        return messages
    }

    /// Messages received within `seconds` (decoded; undecodable ones are skipped).
    func receive(for seconds: Double) throws -> [WireMessage] {
        var messages: [WireMessage] = []
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let frames = try socket.receive(), let message = try? WireCodec.decode(frames) { messages.append(message) }
        }
        return messages
    }
}
