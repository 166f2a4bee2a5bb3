import Coordinator
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Sweep
import Testing

/// A sweep definition of two η and three ε, parsed from sweep-file text as a user would write it.
func fixtureDefinition() throws -> SweepDefinition {
    try SweepFile.parse(text: """
        seed = 3
        [training]
        eta = [0.5, 2.0]
        [ensemble]
        ics = 10
        epsilon = [1e-12, 1e-8, 1e-4]
        """, path: "fixture.toml")
}

/// A coordinator status in the middle of a sweep: 20 tasks, 6 done, one worker computing, one stale, one dead.
func fixtureStatus(workerID: String = "node-1-100") -> CoordinatorStatus {
    var progress = CoordinatorProgress()
    progress.total = 20
    progress.done = 6
    progress.running = 2
    progress.workersAlive = 2
    progress.retries = 1
    progress.trajectorySteps = 6 * 1000
    progress.stepsInProgress = 500
    return CoordinatorStatus(
        sweepName: "fixture", endpoint: "tcp://127.0.0.1:5555", insecure: true, elapsedSeconds: 10, stepsPerTask: 1000,
        livenessSeconds: 5, progress: progress,
        workers: [
            WorkerStatus(id: workerID, host: "node-1", pid: 100, state: .alive, inFlight: [7], tasksDone: 4,
                         meanTaskSeconds: 1.5, silentSeconds: 0.2, stepsInCurrentTask: 500, requeued: []),
            WorkerStatus(id: "node-2-200", host: "node-2", pid: 200, state: .stale, inFlight: [8], tasksDone: 2,
                         meanTaskSeconds: 2.5, silentSeconds: 3, stepsInCurrentTask: 0, requeued: []),
            WorkerStatus(id: "node-3-300", host: "node-3", pid: 300, state: .dead, inFlight: [], tasksDone: 0,
                         meanTaskSeconds: nil, silentSeconds: 9, stepsInCurrentTask: 0, requeued: [5]),
        ],
        rejectedFrames: ["bad_magic": 2])
}

/// A GET request to a live server: status code and body.
func get(_ url: String, bearer: String? = nil) async throws -> (status: Int, body: String, contentType: String?) {
    var request = URLRequest(url: try #require(URL(string: url)))
    if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
    let (data, response) = try await URLSession.shared.data(for: request)
    let http = try #require(response as? HTTPURLResponse)
    return (http.statusCode, String(decoding: data, as: UTF8.self), http.value(forHTTPHeaderField: "Content-Type"))
}
