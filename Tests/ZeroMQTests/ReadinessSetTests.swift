import Foundation
import Testing
import ZeroMQ

@Suite("ReadinessSet")
struct ReadinessSetTests {
    @Test("wait names the socket a message arrived on, re-arms after a drain, and times out when nothing comes")
    func namesReadySockets() throws {
        let context = try Context()
        var pulls: [Socket] = []
        var pushes: [Socket] = []
        let readiness = try ReadinessSet()
        for index in 0..<5 {
            let pull = try context.makeSocket(.pull)
            try pull.bind("inproc://readiness-\(index)")
            let push = try context.makeSocket(.push)
            try push.setLinger(milliseconds: 0)
            try push.connect("inproc://readiness-\(index)")
            #expect(try readiness.register(pull) == index)
            pulls.append(pull)
            pushes.append(push)
        }
        // Registration may itself signal; drain everything once, as the contract asks.
        _ = try readiness.wait(timeout: 0)
        for pull in pulls { while try pull.receive(dontWait: true) != nil {} }

        for round in 0..<3 {
            try pushes[3].send([Array("round \(round)".utf8)])
            let named = try readiness.wait(timeout: 2000)
            #expect(named.contains(3))
            #expect(pulls[3].hasPendingInput)
            var received: [[UInt8]] = []
            for index in named { while let frames = try pulls[index].receive(dontWait: true) { received += frames } }
            #expect(received == [Array("round \(round)".utf8)])
            #expect(!pulls[3].hasPendingInput)
        }
        let start = Date()
        #expect(try readiness.wait(timeout: 100).allSatisfy { !pulls[$0].hasPendingInput })
        #expect(Date().timeIntervalSince(start) < 2)
    }
}
