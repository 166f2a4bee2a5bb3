import Foundation
import Testing
import ZeroMQ

@Suite("Wake-up signal")
struct WakeupSignalTests {
    @Test("a signal from another thread ends a poll that would wait forever")
    func wakesAPoll() throws {
        let context = try Context()
        let socket = try context.makeSocket(.pull)
        try socket.bind("inproc://wakeup-quiet")
        let signal = try WakeupSignal()
        let poller = Poller()
        poller.register(socket, for: .readable)
        #expect(poller.register(signal) == 1)
        #expect(try poller.poll(timeout: 0).isEmpty)
        let thread = Thread { Thread.sleep(forTimeInterval: 0.05); signal.signal() }
        thread.start()
        #expect(try poller.poll(timeout: -1) == [1])
        #expect(poller.events(at: 1) == .readable)
        #expect(signal.drain())
        #expect(try poller.poll(timeout: 0).isEmpty)
        #expect(!signal.drain())
    }

    @Test("signals sent before a drain coalesce into one wake-up, however many")
    func coalesces() throws {
        let signal = try WakeupSignal()
        let poller = Poller()
        poller.register(signal)
        for _ in 0..<100_000 { signal.signal() }
        #expect(try poller.poll(timeout: 0) == [0])
        #expect(signal.drain())
        #expect(try poller.poll(timeout: 0).isEmpty)
    }

    @Test("a plain file descriptor can be polled next to sockets")
    func fileDescriptor() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        let poller = Poller()
        #expect(poller.register(fileDescriptor: ends[0], for: .readable) == 0)
        #expect(try poller.poll(timeout: 0).isEmpty)
        var byte: UInt8 = 7
        #expect(write(ends[1], &byte, 1) == 1)
        #expect(try poller.poll(timeout: 1000) == [0])
    }
}
