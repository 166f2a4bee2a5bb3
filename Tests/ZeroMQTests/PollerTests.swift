import Foundation
import Testing
import ZeroMQ

@Suite("Poller")
struct PollerTests {
    @Test("a poll with nothing to read returns no sockets after about the timeout")
    func timeout() throws {
        let context = try Context()
        let socket = try context.makeSocket(.pull)
        try socket.bind("inproc://idle")
        let poller = Poller()
        #expect(poller.register(socket, for: .readable) == 0)
        let start = Date()
        let ready = try poller.poll(timeout: 200)
        let elapsed = Date().timeIntervalSince(start)
        #expect(ready.isEmpty)
        #expect(elapsed >= 0.18)
        #expect(elapsed < 2)
        #expect(try poller.poll(timeout: 0).isEmpty)
    }

    @Test("poll reports exactly the sockets that are readable or writable")
    func readiness() throws {
        let context = try Context()
        let quiet = try context.makeSocket(.pull)
        let busy = try context.makeSocket(.pull)
        let push = try context.makeSocket(.push)
        try push.setLinger(milliseconds: 0)
        try quiet.bind("inproc://quiet")
        try busy.bind("inproc://busy")
        try push.connect("inproc://busy")
        try push.send([Array("work".utf8)])

        let poller = Poller()
        poller.register(quiet, for: .readable)
        poller.register(busy, for: .readable)
        let pushIndex = poller.register(push, for: .writable)
        let ready = try poller.poll(timeout: 2000)
        #expect(ready == [1, 2])
        #expect(poller.events(at: 1) == .readable)
        #expect(poller.events(at: pushIndex) == .writable)
        #expect(poller.events(at: 0).isEmpty)
        #expect(try busy.receive(dontWait: true) == [Array("work".utf8)])

        poller.update(pushIndex, events: [])
        #expect(try poller.poll(timeout: 0).isEmpty)
    }

    @Test("poll wakes up when a message arrives before the timeout")
    func wakesUp() throws {
        let context = try Context()
        let pull = try context.makeSocket(.pull)
        try pull.bind("tcp://127.0.0.1:*")
        let endpoint = try pull.lastEndpoint
        let push = try context.makeSocket(.push)
        try push.setLinger(milliseconds: 0)
        try push.connect(endpoint)
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.05)
            _ = try? push.send([[7]])
        }
        let poller = Poller()
        poller.register(pull, for: .readable)
        let start = Date()
        #expect(try poller.poll(timeout: 5000) == [0])
        #expect(Date().timeIntervalSince(start) < 4)
        #expect(try pull.receive(dontWait: true) == [[7]])
    }

    @Test("polling a closed socket throws ENOTSOCK; polling nothing forever is refused")
    func closedAndEmpty() throws {
        let context = try Context()
        let socket = try context.makeSocket(.pull)
        let poller = Poller()
        poller.register(socket, for: .readable)
        socket.close()
        let error = try #require(throws: ZeroMQError.self) { try poller.poll(timeout: 0) }
        #expect(error.code == ZeroMQError.Code.notSocket)
        #expect(throws: ZeroMQError.self) { try Poller().poll(timeout: -1) }
        #expect(try Poller().poll(timeout: 10).isEmpty)
    }
}
