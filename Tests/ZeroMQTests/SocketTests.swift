import Foundation
import Testing
import ZeroMQ

/// A ROUTER bound to `endpoint` and a DEALER connected to it, both with linger 0 and a 5 s receive timeout.
func routerDealerPair(
    _ context: Context, bind endpoint: String, dealerID: [UInt8] = Array("dealer-1".utf8)
) throws -> (router: Socket, dealer: Socket, endpoint: String) {
    let router = try context.makeSocket(.router)
    try router.setLinger(milliseconds: 0)
    try router.setReceiveTimeout(milliseconds: 5000)
    try router.bind(endpoint)
    let bound = try router.lastEndpoint
    let dealer = try context.makeSocket(.dealer)
    try dealer.setLinger(milliseconds: 0)
    try dealer.setReceiveTimeout(milliseconds: 5000)
    try dealer.setRoutingID(dealerID)
    try dealer.connect(bound)
    return (router, dealer, bound)
}

/// A fresh, short directory under the temporary directory (ipc paths are limited to about 100 bytes).
func makeTemporaryDirectory() throws -> URL {
    let url = URL(fileURLWithPath: "/tmp").appendingPathComponent("zmqtest-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite("Sockets")
struct SocketTests {
    @Test("ROUTER/DEALER round trip over tcp with a wildcard port")
    func tcpRoundTrip() throws {
        let context = try Context()
        let (router, dealer, endpoint) = try routerDealerPair(context, bind: "tcp://127.0.0.1:*")
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
        let port = Int(endpoint.split(separator: ":").last ?? "")
        #expect((port ?? 0) > 0)

        #expect(try dealer.send([Array("hello".utf8)]))
        let request = try #require(try router.receive())
        #expect(request == [Array("dealer-1".utf8), Array("hello".utf8)])

        #expect(try router.send([request[0], Array("world".utf8)]))
        let reply = try #require(try dealer.receive())
        #expect(reply == [Array("world".utf8)])
        router.close()
        dealer.close()
    }

    @Test("ROUTER/DEALER round trip over ipc; the socket file is removed on close")
    func ipcRoundTrip() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("broker.ipc").path
        let context = try Context()
        let (router, dealer, endpoint) = try routerDealerPair(context, bind: "ipc://\(path)")
        #expect(endpoint == "ipc://\(path)")
        #expect(FileManager.default.fileExists(atPath: path))

        try dealer.send(Array("ping".utf8))
        let request = try #require(try router.receive())
        #expect(request.last == Array("ping".utf8))
        try router.send([request[0], Array("pong".utf8)])
        #expect(try dealer.receive() == [Array("pong".utf8)])

        dealer.close()
        router.close()
        #expect(!FileManager.default.fileExists(atPath: path))
        router.close()  // idempotent
        #expect(router.isClosed)
    }

    @Test("unbinding an ipc endpoint removes its file; ipc://* files and directories go on close")
    func ipcUnbindAndWildcard() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("u.ipc").path
        let context = try Context()
        let socket = try context.makeSocket(.pull)
        try socket.setLinger(milliseconds: 0)
        try socket.bind("ipc://\(path)")
        #expect(FileManager.default.fileExists(atPath: path))
        try socket.unbind("ipc://\(path)")
        #expect(!FileManager.default.fileExists(atPath: path))

        try socket.bind("ipc://*")
        let wildcard = try socket.lastEndpoint
        let wildcardPath = String(wildcard.dropFirst("ipc://".count))
        #expect(FileManager.default.fileExists(atPath: wildcardPath))
        socket.close()
        #expect(!FileManager.default.fileExists(atPath: wildcardPath))
    }

    @Test("multipart messages keep every frame, including empty ones")
    func multipartFrames() throws {
        let context = try Context()
        let (router, dealer, _) = try routerDealerPair(context, bind: "tcp://127.0.0.1:*")
        let large = [UInt8]((0..<100_000).map { UInt8($0 % 251) })
        let message: [[UInt8]] = [[], Array("a".utf8), [], [0, 1, 2, 0], large, []]
        try dealer.send(message)
        let received = try #require(try router.receive())
        #expect(received.count == message.count + 1)
        #expect(Array(received.dropFirst()) == message)

        try router.send([received[0], [], [], [42]])
        #expect(try dealer.receive() == [[], [], [42]])
    }

    @Test("a message of one empty frame arrives as one empty frame")
    func singleEmptyFrame() throws {
        let context = try Context()
        let push = try context.makeSocket(.push)
        let pull = try context.makeSocket(.pull)
        try push.setLinger(milliseconds: 0)
        try pull.setReceiveTimeout(milliseconds: 5000)
        try pull.bind("inproc://empty")
        try push.connect("inproc://empty")
        try push.send([UInt8]())
        #expect(try pull.receive() == [[]])
    }

    @Test("receive returns nil on a receive timeout and with dontWait when nothing is waiting")
    func receiveTimeout() throws {
        let context = try Context()
        let socket = try context.makeSocket(.pull)
        try socket.bind("inproc://nothing")
        #expect(try socket.receive(dontWait: true) == nil)
        try socket.setReceiveTimeout(milliseconds: 100)
        #expect(try socket.receiveTimeout == 100)
        let start = Date()
        #expect(try socket.receive() == nil)
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 0.08)
        #expect(elapsed < 2)
    }

    @Test("send returns false when it cannot queue: dontWait with no peer, and the send timeout")
    func sendWouldBlock() throws {
        let context = try Context()
        let dealer = try context.makeSocket(.dealer)
        try dealer.setLinger(milliseconds: 0)
        #expect(try dealer.send([[1]], dontWait: true) == false)
        try dealer.setSendTimeout(milliseconds: 50)
        #expect(try dealer.send([[1]]) == false)
        #expect(throws: ZeroMQError.self) { try dealer.send([[UInt8]](), dontWait: true) }
    }

    @Test("ROUTER_MANDATORY: sending to an unknown routing id throws EHOSTUNREACH")
    func routerMandatory() throws {
        let context = try Context()
        let router = try context.makeSocket(.router)
        try router.setLinger(milliseconds: 0)
        try router.setRouterMandatory(true)
        try router.bind("tcp://127.0.0.1:*")
        let error = try #require(throws: ZeroMQError.self) {
            try router.send([Array("nobody".utf8), Array("hi".utf8)], dontWait: true)
        }
        #expect(error.code == ZeroMQError.Code.hostUnreachable)
        #expect(error.operation == "send")
        #expect(error.description.contains("send"))
    }

    @Test("binding an invalid endpoint throws an error naming the endpoint", arguments: [
        "tcp://127.0.0.1:notaport", "bogus://somewhere", "tcp://",
    ])
    func invalidEndpoint(endpoint: String) throws {
        let context = try Context()
        let socket = try context.makeSocket(.router)
        let error = try #require(throws: ZeroMQError.self) { try socket.bind(endpoint) }
        #expect(error.operation == "bind \(endpoint)")
        #expect(error.description.contains(endpoint))
        #expect(!error.message.isEmpty)
    }

    @Test("binding an endpoint twice throws EADDRINUSE")
    func addressInUse() throws {
        let context = try Context()
        let first = try context.makeSocket(.router)
        let second = try context.makeSocket(.router)
        try first.bind("tcp://127.0.0.1:*")
        let endpoint = try first.lastEndpoint
        let error = try #require(throws: ZeroMQError.self) { try second.bind(endpoint) }
        #expect(error.code == ZeroMQError.Code.addressInUse)
    }

    @Test("operations on a closed socket throw ENOTSOCK")
    func closedSocket() throws {
        let context = try Context()
        let socket = try context.makeSocket(.dealer)
        socket.close()
        let error = try #require(throws: ZeroMQError.self) { try socket.connect("tcp://127.0.0.1:1") }
        #expect(error.code == ZeroMQError.Code.notSocket)
        #expect(throws: ZeroMQError.self) { try socket.receive(dontWait: true) }
        #expect(throws: ZeroMQError.self) { try socket.setLinger(milliseconds: 0) }
    }

    @Test("a terminated context refuses new sockets")
    func terminatedContext() throws {
        let context = try Context()
        context.terminate()
        context.terminate()
        let error = try #require(throws: ZeroMQError.self) { try context.makeSocket(.pair) }
        #expect(error.code == ZeroMQError.Code.terminated)
    }

    @Test("shutting down a context wakes a receive blocked in another thread with ETERM")
    func contextShutdown() async throws {
        let context = try Context()
        let socket = try context.makeSocket(.pull)
        try socket.setLinger(milliseconds: 0)
        try socket.bind("inproc://shutdown")
        let blocked = Thread.detachNewThreadWithResult {
            do { _ = try socket.receive(); return Int32(0) } catch let error as ZeroMQError { return error.code } catch { return -1 }
        }
        try await Task.sleep(for: .milliseconds(100))
        context.shutdown()
        #expect(await blocked.value == ZeroMQError.Code.terminated)
        socket.close()
    }

    @Test("PUB/SUB delivers only subscribed prefixes")
    func publishSubscribe() async throws {
        let context = try Context()
        let publisher = try context.makeSocket(.pub)
        let subscriber = try context.makeSocket(.sub)
        try publisher.setLinger(milliseconds: 0)
        try publisher.bind("inproc://news")
        try subscriber.subscribe("weather")
        try subscriber.setReceiveTimeout(milliseconds: 2000)
        try subscriber.connect("inproc://news")
        try await Task.sleep(for: .milliseconds(50))
        try publisher.send([Array("sports".utf8), [1]])
        try publisher.send([Array("weather".utf8), [2]])
        #expect(try subscriber.receive() == [Array("weather".utf8), [2]])
        try subscriber.unsubscribe("weather")
    }

    @Test("socket options read back what was set")
    func options() throws {
        let context = try Context()
        let socket = try context.makeSocket(.dealer)
        #expect(socket.type == .dealer)
        try socket.setLinger(milliseconds: 250)
        try socket.setSendHighWaterMark(10)
        try socket.setReceiveHighWaterMark(20)
        try socket.setSendTimeout(milliseconds: 30)
        try socket.setReconnectInterval(milliseconds: 100, maximum: 2000)
        try socket.setMaxMessageSize(1 << 33)
        try socket.setImmediate(true)
        try socket.setRoutingID([1, 2, 3])
        try socket.setHeartbeat(interval: 1000, timeout: 3000, timeToLive: 5000)
        try socket.setZAPDomain("sweep")
        #expect(try socket.linger == 250)
        #expect(try socket.sendHighWaterMark == 10)
        #expect(try socket.receiveHighWaterMark == 20)
        #expect(try socket.sendTimeout == 30)
        #expect(try socket.reconnectInterval == 100)
        #expect(try socket.reconnectIntervalMax == 2000)
        #expect(try socket.maxMessageSize == 1 << 33)
        #expect(try socket.immediate)
        #expect(try socket.routingID == [1, 2, 3])
        #expect(try socket.zapDomain == "sweep")
        #expect(try socket.lastEndpoint == "")
        #expect(throws: ZeroMQError.self) { try socket.setRoutingID([]) }
        #expect(throws: ZeroMQError.self) { try socket.setLinger(milliseconds: Int(Int32.max) + 1) }
        #expect(throws: ZeroMQError.self) { try socket.setRouterMandatory(true) }  // not a ROUTER
    }

    @Test("library facts: version 4.x and CURVE and ipc available")
    func libraryFacts() {
        #expect(ZeroMQ.version.major == 4)
        #expect(ZeroMQ.version >= ZeroMQ.Version(major: 4, minor: 3, patch: 0))
        #expect(ZeroMQ.has("curve"))
        #expect(ZeroMQ.has("ipc"))
        #expect(!ZeroMQ.has("no-such-capability"))
    }
}

extension Thread {
    /// Runs `body` on a new thread and returns a task that waits for its result.
    static func detachNewThreadWithResult<T: Sendable>(_ body: @escaping @Sendable () -> T) -> Task<T, Never> {
        let (stream, continuation) = AsyncStream.makeStream(of: T.self)
        Thread.detachNewThread {
            continuation.yield(body())
            continuation.finish()
        }
        return Task {
            for await value in stream { return value }
            fatalError("thread ended without a result")
        }
    }
}
