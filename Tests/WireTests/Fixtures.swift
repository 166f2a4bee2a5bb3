import Analysis
import Diagnostics
import Dynamics
import Foundation
import RandomStreams
import Sweep
import Wire

/// Sample messages and helpers shared by the Wire tests.
enum Fixtures {
    /// The text of ``definition``: member curves kept, the tangent curve, t₀ > 0, ghost units and every diagnostic on.
    static let sweepText = """
        name = "wire-tests"
        seed = 7

        [data]
        dataset = "iris"

        [model]
        layers = [4, 10, 3]
        ghosts = 2

        [training]
        eta = [0.05, 1.0]
        steps = 400
        perturb_at = 30

        [ensemble]
        ics = 2
        members = 4
        epsilon = [1e-12, 1e-8, 1e-4]
        keep_member_curves = true
        tangent = true

        [diagnostics]
        benettin = true
        spectrum = 3
        invariant_measure = true
        per_weight = true
        loss_series = true
        kantz_steps = 12
        acf_lags = 40
        """

    /// The sweep whose `[fit]` table (the defaults: grid windows, R² > 0.9, Λ > 0.05) fits the RESULTs of the tests.
    static let definition: SweepDefinition = {
        do {
            return try SweepFile.parse(text: sweepText, path: "wire-tests.toml")
        } catch {
            preconditionFailure("the fixture sweep does not parse: \(error)")
        }
    }()

    /// Doubles whose bit patterns must survive the wire: subnormals (leastNonzeroMagnitude is 5e-324), −0.0, extremes.
    static let awkwardDistances: [Double] = [0, -0.0, Double.leastNonzeroMagnitude, 1e-300, 2.2250738585072014e-308, 1, 0.1, 1e300, .greatestFiniteMagnitude]

    /// An undiverged result with member curves kept.
    static let resultWithMembers: TaskResult = {
        let mean = awkwardDistances
        let members = [mean, mean.reversed(), mean.map { $0 * 0.5 }]
        return TaskResult(
            task: SweepTask(icIndex: 3, etaIndex: 7), eta: 0.05,
            ensemble: EnsembleResult(
                referenceLoss: [2.3, 1.9, 1.4, 1.1, 0.9, 0.7, 0.6, 0.5, 0.45].map { $0 + 1e-17 },
                referenceDivergedAt: nil,
                curves: [
                    DivergenceCurve(epsilon: 1e-8, meanDistance: mean, memberDistances: members, divergedMembers: 0, divergedAt: nil),
                    DivergenceCurve(epsilon: Double.leastNonzeroMagnitude, meanDistance: mean, memberDistances: [], divergedMembers: 0, divergedAt: nil),
                ]))
    }()

    /// A result of T = 400 whose three curves the fixture sweep fits as kept (ln⟨d⟩ a line of slope 0.1),
    /// below the minimum Λ (slope 0.01) and poor (an oscillation).
    static let resultGrowing: TaskResult = {
        let steps = 0...400
        let curves = [
            DivergenceCurve(epsilon: 1e-12, meanDistance: steps.map { 1e-12 * exp(0.1 * Double($0)) }, memberDistances: nil, divergedMembers: 0, divergedAt: nil),
            DivergenceCurve(epsilon: 1e-8, meanDistance: steps.map { 1e-8 * exp(0.01 * Double($0)) }, memberDistances: nil, divergedMembers: 0, divergedAt: nil),
            DivergenceCurve(epsilon: 1e-4, meanDistance: steps.map { 1e-4 * (1.5 + sin(Double($0))) }, memberDistances: nil, divergedMembers: 0, divergedAt: nil),
        ]
        return TaskResult(
            task: SweepTask(icIndex: 1, etaIndex: 1), eta: 1,
            ensemble: EnsembleResult(referenceLoss: steps.map { 1 / Double($0 + 1) }, referenceDivergedAt: nil, curves: curves))
    }()

    /// Fits of ``resultWithMembers`` with awkward doubles (−0.0, a subnormal, extremes) and windows at the
    /// curves' ends: no fitter gives them, but they are consistent and must survive bit for bit.
    static let awkwardFits: [ICFit] = {
        let result = resultWithMembers
        func fit(_ epsilonIndex: Int, _ fit: LyapunovFit, _ verdict: FitVerdict) -> ICFit {
            ICFit(etaIndex: result.task.etaIndex, eta: result.eta, icIndex: result.task.icIndex, epsilonIndex: epsilonIndex,
                  epsilon: result.ensemble.curves[epsilonIndex].epsilon, fit: fit, verdict: verdict, divergedAt: nil)
        }
        return [
            fit(0, LyapunovFit(lambda: -0.0, intercept: .leastNonzeroMagnitude, rSquared: 0.1, window: FitWindow(start: 0, length: 9)), .belowMinLambda),
            fit(1, LyapunovFit(lambda: 1e300, intercept: -.greatestFiniteMagnitude, rSquared: -0.0, window: FitWindow(start: 6, length: 3)), .poorFit),
        ]
    }()

    /// A result with a diverged curve and no member curves.
    static let resultDiverged = TaskResult(
        task: SweepTask(icIndex: 0, etaIndex: 0), eta: 1.5,
        ensemble: EnsembleResult(
            referenceLoss: [1, 2, 3, 4],
            referenceDivergedAt: nil,
            curves: [
                DivergenceCurve(epsilon: 1e-3, meanDistance: [1e-3, 1e-2], memberDistances: nil, divergedMembers: 2, divergedAt: 2),
                DivergenceCurve(epsilon: 1e-6, meanDistance: [1e-6, 1e-5, 1e-4, 1e-3], memberDistances: nil, divergedMembers: 0, divergedAt: nil),
            ]))

    /// A result whose reference diverged before the perturbation (as `EnsembleRunner` reports it).
    static let resultReferenceDiverged = TaskResult(
        task: SweepTask(icIndex: 9, etaIndex: 2), eta: 10,
        ensemble: EnsembleResult(
            referenceLoss: [], referenceDivergedAt: 0,
            curves: [DivergenceCurve(epsilon: 1e-4, meanDistance: [], memberDistances: [], divergedMembers: 0, divergedAt: 0)]))

    /// Diagnostics with every field set: awkward doubles, −∞ (ln 0) in the spectrum, a Kantz result.
    static let diagnostics = TrainingDiagnostics(
        benettin: [0.5, -0.0, -1e-300, Double.leastNonzeroMagnitude], spectrum: [0.42, -0.1, -.infinity],
        ghostMass: [0.4, 0.1, 0.01, Double.leastNonzeroMagnitude], gradientNorm: [3, 2, 1, 0],
        runningMeanLoss: [1.1, 1.0, 0.9, 0.85], weightImportance: [0.25, -0.125, 0], weightDisplacement: [0.5, 0, 1e300],
        weightPathLength: [0.75, 0.1, 1e300],
        kantz: KantzResult(divergence: [-3, -2.5, -.infinity], exponent: 0.69, pValue: 0.01),
        autocorrelation: [1, 0.5, -0.25], autocorrelationBand: [0, 0.3, 0.3])

    /// `resultDiverged` with diagnostics of its reference.
    static let resultWithDiagnostics: TaskResult = {
        var result = resultDiverged
        result.diagnostics = diagnostics
        return result
    }()

    /// One valid message of every type.
    static let everyMessage: [WireMessage] = [
        .hello(Hello(workerID: "node7-1234", host: "node7.example", pid: 1234, processes: 8, softwareVersion: "0.1.0",
                     kernelVariant: "avx512")),
        .hello(Hello(workerID: "node8-77", host: "", pid: 0, processes: 1, softwareVersion: "", heldTaskIDs: [12, 0, 1 << 40])),
        .welcome(Welcome(
            runID: "run-42", sweepName: "iris η scan", sweepText: "[sweep]\nname = \"iris\"\n", sweepHash: "ab12cd",
            heartbeatIntervalMilliseconds: 1000, livenessMilliseconds: 3000)),
        .reject(Reject(reason: "protocol version mismatch")),
        .reject(Reject(reason: "")),
        .ready(Ready(credits: 1)),
        .ready(Ready(credits: 1000)),
        .task(TaskAssignment(taskID: 0, task: SweepTask(icIndex: 0, etaIndex: 0), leaseMilliseconds: 30_000)),
        .task(TaskAssignment(taskID: Int(Int64.max), task: SweepTask(icIndex: 99, etaIndex: 5), leaseMilliseconds: 1)),
        .task(TaskAssignment(
            taskID: 3, task: SweepTask(icIndex: 3, etaIndex: 0), leaseMilliseconds: 500,
            acknowledgedTaskIDs: [2, 0, Int(Int64.max)] + Array(repeating: 1, count: TaskAssignment.maxAcknowledgedTaskIDs - 3))),
        .result(ResultReport(taskID: 17, result: resultWithMembers, definition: definition, computeSeconds: 12.25, trajectorySteps: 123_456)),
        .result(ResultReport(taskID: 18, result: resultDiverged, definition: definition, computeSeconds: -0.0, trajectorySteps: 0)),
        .result(ResultReport(taskID: 19, result: resultReferenceDiverged, definition: definition, computeSeconds: Double.leastNonzeroMagnitude, trajectorySteps: 1)),
        .result(ResultReport(taskID: 20, result: resultWithDiagnostics, definition: definition, computeSeconds: 0.5, trajectorySteps: 10)),
        .result(ResultReport(taskID: 22, result: resultGrowing, definition: definition, computeSeconds: 3, trajectorySteps: 5000, credits: 1)),
        .result(ResultReport(taskID: 24, result: resultGrowing, definition: definition, computeSeconds: 3, trajectorySteps: 5000,
                             credits: Ready.maximumCredits)),
        .result(ResultReport(taskID: 23, result: resultWithMembers, fits: awkwardFits, computeSeconds: 1, trajectorySteps: 0)),
        .result(ResultReport(taskID: 21, result: TaskResult(
            task: SweepTask(icIndex: 1, etaIndex: 0), eta: 1, ensemble: resultDiverged.ensemble, diagnostics: TrainingDiagnostics()),
            definition: definition, computeSeconds: 0.5, trajectorySteps: 10)),
        .ack(Ack(taskID: 17)),
        .heartbeat(Heartbeat(currentTaskIDs: [], stepsDone: 0)),
        .heartbeat(Heartbeat(currentTaskIDs: [3, 0, 1 << 40], stepsDone: 987_654_321)),
        .shutdown(Shutdown(reason: "sweep complete")),
        .statusRequest,
        .statusReply(StatusReply(json: #"{"done": 3, "total": 10, "name": "ünïcode ✓"}"#)),
        .crashReport(CrashReport(taskID: 12, reason: "signal 11 (SIGSEGV) while computing the task", crashedWorkerID: "w-1")),
    ]

    /// `frames` with the payload frame replaced.
    static func replacingPayload(of frames: [[UInt8]], with payload: [UInt8]) -> [[UInt8]] {
        [frames[0], payload]
    }
}
