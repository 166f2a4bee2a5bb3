import Foundation
import Sweep
import Testing
import Wire

@Suite("Acknowledgement order")
struct AcknowledgementOrderTests {
    @Test("A result that asks for the next task is answered by one TASK that carries its ACK")
    func ackBeforeNextTask() async throws {
        let harness = try Harness(sweep: smallSweep)
        let endpoint = "tcp://127.0.0.1:\(Harness.freePort())"
        let coordinator = try harness.start(DistributedRunTests.coordinatorArguments(harness, endpoint: endpoint), label: "coordinator")
        defer { coordinator.signal(SIGKILL) }
        let honest = try await harness.inProcessResults()
        let definition = try SweepFile.load(path: harness.sweepPath).definition
        let rounds = try await offThePool { () -> [(acknowledging: Int, answers: [WireMessage])] in
            let peer = try ScriptedPeer(identity: "orderly", endpoint: endpoint)
            try peer.hello()
            _ = try peer.receive(until: 30) { if case .welcome = $0 { true } else { false } }
            try peer.send(.ready(Ready(credits: 1)))
            var task = try #require(try peer.receive(until: 10) { if case .task = $0 { true } else { false } }
                .compactMap { if case .task(let task) = $0 { task.taskID } else { nil } }.first)
            var rounds: [(acknowledging: Int, answers: [WireMessage])] = []
            for _ in 0..<3 {
                try peer.send(.result(ResultReport(
                    taskID: task, result: honest[task], definition: definition, computeSeconds: 0.01, trajectorySteps: 1,
                    credits: 1)))
                let answers = try peer.receive(until: 10) { if case .task = $0 { true } else { false } }
                    .filter { if case .heartbeat = $0 { false } else { true } }
                rounds.append((task, answers))
                guard case .task(let next)? = answers.last else { break }
                task = next.taskID
            }
            return rounds
        }
        #expect(rounds.count == 3)
        for (acknowledging, answers) in rounds {
            guard answers.count == 1, case .task(let next) = answers[0] else {
                Issue.record("expected one TASK, got \(answers.map(\.typeName))")
                continue
            }
            #expect(next.acknowledgedTaskIDs == [acknowledging])
        }
    }
}
