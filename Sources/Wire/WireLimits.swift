import Sweep

/// The payload size limits ``WireCodec/decode(_:limits:version:)`` enforces, checked on the frame size
/// before any parsing.
///
/// Every type but RESULT has a fixed limit, ``WireMessageType/maxPayloadBytes``. A RESULT's largest legal
/// size depends on the sweep (curve length, ε count, members, diagnostics), so a coordinator decodes with
/// ``init(for:)``; everyone else uses ``standard``.
public struct WireLimits: Sendable, Equatable {
    /// The largest RESULT payload accepted, in bytes (≥ 0); a larger one is refused with
    /// ``WireError/Reason/oversizedResult(_:)``.
    public var resultPayloadBytes: Int

    /// Limits with the given largest RESULT payload, in bytes.
    public init(resultPayloadBytes: Int) {
        self.resultPayloadBytes = resultPayloadBytes
    }

    /// The limits of a coordinator running `definition`: RESULT at most
    /// ``WireProtocol/largestResultPayload(for:)`` bytes.
    public init(for definition: SweepDefinition) {
        self.init(resultPayloadBytes: WireProtocol.largestResultPayload(for: definition))
    }

    /// The limits without a sweep: RESULT at most ``WireProtocol/maxPayloadBytes`` (64 MiB).
    public static let standard = WireLimits(resultPayloadBytes: WireProtocol.maxPayloadBytes)

    /// The largest payload accepted for a message of `type`, in bytes.
    public func maxPayloadBytes(for type: WireMessageType) -> Int {
        type == .result ? resultPayloadBytes : type.maxPayloadBytes
    }
}
