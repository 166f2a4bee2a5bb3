import Analysis
import Diagnostics
import Dynamics
import Sweep
import SwiftProtobuf
import Testing
@testable import Wire

@Suite("Wire size limits")
struct SizeLimitTests {
    /// The header frame of a message of `type` in this version.
    private func header(_ type: WireMessageType) -> [UInt8] {
        WireHeader(version: WireProtocol.version, type: type.rawValue).bytes
    }

    /// The base-128 varint encoding of `value`.
    private func varint(_ value: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        var rest = UInt64(value)
        repeat {
            bytes.append(UInt8(rest & 0x7F) | (rest >= 0x80 ? 0x80 : 0))
            rest >>= 7
        } while rest > 0
        return bytes
    }

    /// The longest legal message of every type with a fixed small limit: every integer at its largest,
    /// every text and list at its bound.
    private var largestControlMessages: [WireMessage] {
        let big = Int(Int64.max)
        let text = String(repeating: "w", count: 1024)
        let ids = [Int](repeating: big, count: Hello.maxHeldTaskIDs)
        let reason = String(repeating: "r", count: 64 << 10)
        return [
            .hello(Hello(workerID: text, host: text, pid: big, processes: big, softwareVersion: text, heldTaskIDs: ids)),
            .reject(Reject(reason: reason)),
            .ready(Ready(credits: Ready.maximumCredits)),
            .task(TaskAssignment(taskID: big, task: SweepTask(icIndex: big, etaIndex: big), leaseMilliseconds: big)),
            .ack(Ack(taskID: big)),
            .heartbeat(Heartbeat(currentTaskIDs: ids, stepsDone: big)),
            .shutdown(Shutdown(reason: reason)),
            .statusRequest,
            .crashReport(CrashReport(taskID: big, reason: String(repeating: "c", count: CrashReport.maxReasonBytes), crashedWorkerID: String(repeating: "w", count: CrashReport.maxReasonBytes))),
        ]
    }

    @Test("the longest legal control message of each type is within its limit and accepted")
    func controlMessagesFit() throws {
        let messages = largestControlMessages
        #expect(Set(messages.map(\.type)) == Set(WireMessageType.allCases).subtracting([.welcome, .result, .statusReply]))
        for message in messages {
            let frames = WireCodec.encode(message)
            #expect(frames[1].count <= message.type.maxPayloadBytes, "\(message.typeName): \(frames[1].count) bytes")
            #expect(try WireCodec.decode(frames) == message, "\(message.typeName)")
        }
    }

    @Test("a payload one byte over its type's limit is refused as oversized", arguments: WireMessageType.allCases)
    func overLimit(_ type: WireMessageType) throws {
        let limit = WireLimits.standard.maxPayloadBytes(for: type)
        let error = try #require(#expect(throws: WireError.self) {
            try WireCodec.decode([header(type), [UInt8](repeating: 0, count: limit + 1)])
        })
        #expect(error.reason == (type == .result ? .oversizedResult(limit + 1) : .oversized(limit + 1)))
        #expect(error.description.contains("at most \(limit)"))
    }

    @Test("control limits are small; bulk types keep 64 MiB")
    func limitValues() {
        let limits = Dictionary(uniqueKeysWithValues: WireMessageType.allCases.map { ($0, $0.maxPayloadBytes) })
        #expect(limits[.ready] == 256 && limits[.task] == 256 && limits[.ack] == 256 && limits[.statusRequest] == 256)
        #expect(limits[.crashReport] == 4096)
        #expect(limits[.hello] == 65536 && limits[.heartbeat] == 65536)
        #expect(limits[.reject] == 131_072 && limits[.shutdown] == 131_072)
        #expect(limits[.welcome] == WireProtocol.maxPayloadBytes && limits[.statusReply] == WireProtocol.maxPayloadBytes)
        #expect(WireLimits.standard.resultPayloadBytes == WireProtocol.maxPayloadBytes)
    }

    @Test("a 250 MB HELLO never reaches the protobuf parser: the frame size refuses it")
    func hugeHello() throws {
        // A well-formed HELLO whose workerID is 250 MB of "w": parsed, it would be `inconsistent` (too long).
        let total = 250_000_000
        let prefix = [0x0A] + varint(total - 5)  // field 1, length-delimited; a 4-byte length
        #expect(prefix.count == 5)
        var payload = [UInt8](repeating: UInt8(ascii: "w"), count: total)
        payload.replaceSubrange(0..<prefix.count, with: prefix)
        let error = try #require(#expect(throws: WireError.self) { try WireCodec.decode([header(.hello), payload]) })
        #expect(error.reason == .oversized(total))
        #expect(error.description == "HELLO payload is 250000000 bytes; at most 65536 are accepted")
    }

    @Test("a RESULT over the decoder's limit is refused as oversized_result; under it, it decodes")
    func resultLimit() throws {
        let message = WireMessage.result(ResultReport(
            taskID: 3, result: Fixtures.resultGrowing, definition: Fixtures.definition, computeSeconds: 1, trajectorySteps: 0))
        let frames = WireCodec.encode(message)
        let size = frames[1].count
        #expect(try WireCodec.decode(frames, limits: WireLimits(resultPayloadBytes: size)) == message)
        #expect(try WireCodec.decode(frames, limits: WireLimits(for: Fixtures.definition)) == message)
        let error = try #require(#expect(throws: WireError.self) {
            try WireCodec.decode(frames, limits: WireLimits(resultPayloadBytes: size - 1))
        })
        #expect(error.reason == .oversizedResult(size))
        #expect(error.reason.counterName == "oversized_result")
        // The RESULT limit leaves every other type's alone.
        let ack = WireCodec.encode(.ack(Ack(taskID: 1)))
        #expect(try WireCodec.decode(ack, limits: WireLimits(resultPayloadBytes: 0)) == .ack(Ack(taskID: 1)))
    }

    /// The largest legal RESULT of `definition`: no curve diverged, member curves as the sweep keeps them (on the
    /// tangent curve too, when the sweep has one: more than a worker sends), a resolution on every ε curve, every
    /// diagnostic series the sweep computes at its full length, a fit on every curve, and integers at their largest.
    private func largestLegalResult(of definition: SweepDefinition) -> ResultReport {
        let big = Int(Int64.max)
        let points = definition.training.steps + 1
        let curve = [Double](repeating: 1e-3, count: points)
        let curves = definition.ensemble.curveEpsilons.map { epsilon in
            DivergenceCurve(
                epsilon: epsilon, meanDistance: curve,
                memberDistances: definition.ensemble.keepMemberCurves
                    ? [[Double]](repeating: curve, count: definition.ensemble.members) : nil,
                divergedMembers: 0, divergedAt: nil, resolution: epsilon > 0 ? 1e300 : nil)
        }
        var diagnostics: TrainingDiagnostics?
        if definition.computesDiagnostics {
            let settings = definition.diagnostics
            let reference = [Double](repeating: 0.5, count: definition.training.perturbAt + points)
            let parameters = [Double](repeating: 0.25, count: definition.architecture.parameterCount)
            let lags = [Double](repeating: 0.125, count: settings.autocorrelationLags + 1)
            var series = TrainingDiagnostics()
            if settings.benettin { series.benettin = reference }
            series.spectrum = [Double](repeating: -0.5, count: settings.spectrumSize)
            if definition.model.ghosts > 0 { series.ghostMass = reference }
            if settings.invariantMeasure { (series.gradientNorm, series.runningMeanLoss) = (reference, reference) }
            if settings.perWeight { (series.weightImportance, series.weightDisplacement, series.weightPathLength) = (parameters, parameters, parameters) }
            if settings.lossSeries {
                series.kantz = KantzResult(divergence: [Double](repeating: -2, count: settings.kantzSteps + 1), exponent: 0.3, pValue: 0.01)
                (series.autocorrelation, series.autocorrelationBand) = (lags, lags)
            }
            diagnostics = series
        }
        let result = TaskResult(
            task: SweepTask(icIndex: big, etaIndex: big), eta: 0.1,
            ensemble: EnsembleResult(referenceLoss: curve, referenceDivergedAt: nil, curves: curves), diagnostics: diagnostics)
        let fits = curves.enumerated().map { index, curve in
            ICFit(etaIndex: big, eta: 0.1, icIndex: big, epsilonIndex: index, epsilon: curve.epsilon,
                  fit: LyapunovFit(lambda: 0.1, intercept: -3, rSquared: 0.99, window: FitWindow(start: 0, length: points)),
                  verdict: .kept, divergedAt: nil)
        }
        return ResultReport(taskID: big, result: result, fits: fits, computeSeconds: 1.5, trajectorySteps: big)
    }

    @Test("largestResultPayload bounds the largest RESULT of a sweep with member curves and diagnostics")
    func largestResultPayloadBounds() throws {
        let definition = Fixtures.definition
        #expect(definition.ensemble.keepMemberCurves && definition.ensemble.tangent && definition.computesDiagnostics
                && definition.model.ghosts > 0)
        let bound = WireProtocol.largestResultPayload(for: definition)
        // The largest legal RESULT fits and decodes under the sweep's limits.
        let report = largestLegalResult(of: definition)
        let frames = WireCodec.encode(.result(report))
        #expect(frames[1].count <= bound)
        #expect(try WireCodec.decode(frames, limits: WireLimits(for: definition)) == .result(report))
        // So does the longest encoding of it: every integer a negative, 10-byte varint (illegal, but as long
        // as a protobuf integer gets), every optional set.
        var proto = report.proto
        proto.taskID = -1
        proto.trajectorySteps = -1
        proto.result.task.icIndex = -1
        proto.result.task.etaIndex = -1
        proto.result.ensemble.referenceDivergedAt = -1
        for index in proto.result.ensemble.curves.indices {
            proto.result.ensemble.curves[index].divergedMembers = -1
            proto.result.ensemble.curves[index].divergedAt = -1
        }
        for index in proto.fits.indices {
            proto.fits[index].epsilonIndex = -1
            proto.fits[index].windowStart = -1
            proto.fits[index].windowLength = -1
            proto.fits[index].verdict = .UNRECOGNIZED(-1)
            proto.fits[index].divergedAt = -1
        }
        let longest = try proto.serializedBytes() as [UInt8]
        #expect(longest.count > frames[1].count)
        #expect(longest.count <= bound)
        // The bound is not vacuous: within its margin (1/64 and 4 KiB) of the longest encoding.
        #expect(bound <= longest.count + longest.count / 32 + 8192, "bound \(bound), longest \(longest.count)")
    }

    @Test("largestResultPayload follows the sweep: members, diagnostics, curve length")
    func largestResultPayloadScales() throws {
        let definition = Fixtures.definition
        let bound = WireProtocol.largestResultPayload(for: definition)
        var withoutMembers = definition
        withoutMembers.ensemble.keepMemberCurves = false
        var withoutDiagnostics = definition
        withoutDiagnostics.diagnostics = DiagnosticsSettings()
        withoutDiagnostics.model.ghosts = 0
        var longer = definition
        longer.training.steps *= 2
        let points = definition.training.steps + 1
        let memberBytes = definition.ensemble.epsilons.count * definition.ensemble.members * points * 8
        #expect(bound - WireProtocol.largestResultPayload(for: withoutMembers) >= memberBytes)
        // λ̂, ghost mass, gradient norm and running-mean loss: one double per reference step each.
        let diagnosticsBytes = 4 * (definition.training.perturbAt + points) * 8
        #expect(bound - WireProtocol.largestResultPayload(for: withoutDiagnostics) >= diagnosticsBytes)
        #expect(WireProtocol.largestResultPayload(for: longer) > bound)
        // Each legal RESULT of the smaller sweeps fits its own bound.
        for smaller in [withoutMembers, withoutDiagnostics] {
            let frames = WireCodec.encode(.result(largestLegalResult(of: smaller)))
            #expect(frames[1].count <= WireProtocol.largestResultPayload(for: smaller))
        }
    }
}
