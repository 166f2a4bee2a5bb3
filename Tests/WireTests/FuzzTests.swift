import RandomStreams
import Testing
@testable import Wire

@Suite("Wire fuzzing")
struct FuzzTests {
    /// Decodes arbitrary frames: the only acceptable outcomes are a message or a `WireError`.
    /// (Typed throws make any other error impossible; a crash would kill the test process.)
    @discardableResult
    private func decodeOrReject(_ frames: [[UInt8]]) -> Bool {
        do {
            _ = try WireCodec.decode(frames)
            return true
        } catch {
            #expect(!error.description.isEmpty)
            return false
        }
    }

    private func randomBytes(_ count: Int, using generator: inout SplitMix64) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    @Test("20,000 random frames decode or throw WireError")
    func randomFrames() {
        var generator = SplitMix64(seed: 0x4C59_5357)
        var decoded = 0
        for round in 0..<20_000 {
            let frames: [[UInt8]]
            switch round % 4 {
            case 0:  // anything at all
                let count = Int.random(in: 0...3, using: &generator)
                frames = (0..<count).map { _ in randomBytes(Int.random(in: 0...24, using: &generator), using: &generator) }
            default:  // a valid header of a random (mostly known) type, random payload
                let type = UInt8.random(in: 0...13, using: &generator)
                let header = WireHeader(version: WireProtocol.version, type: type).bytes
                frames = [header, randomBytes(Int.random(in: 0...64, using: &generator), using: &generator)]
            }
            if decodeOrReject(frames) { decoded += 1 }
        }
        #expect(decoded > 0)  // some random payloads are valid protobuf with acceptable content
    }

    @Test("truncations and bit flips of valid messages decode or throw WireError")
    func mutatedMessages() {
        var generator = SplitMix64(seed: 42)
        let valid = Fixtures.everyMessage.map { WireCodec.encode($0) }
        var rounds = 0
        for frames in valid {
            for _ in 0..<400 {
                var mutated = frames
                let frame = Int.random(in: 0...9, using: &generator) == 0 ? 0 : 1
                switch Int.random(in: 0...3, using: &generator) {
                case 0 where !mutated[frame].isEmpty:  // truncate
                    mutated[frame] = Array(mutated[frame].prefix(Int.random(in: 0..<mutated[frame].count, using: &generator)))
                case 1 where !mutated[frame].isEmpty:  // flip one to three bits
                    for _ in 0..<Int.random(in: 1...3, using: &generator) {
                        let index = Int.random(in: 0..<mutated[frame].count, using: &generator)
                        mutated[frame][index] ^= 1 << UInt8.random(in: 0...7, using: &generator)
                    }
                case 2 where !mutated[frame].isEmpty:  // overwrite a byte
                    let index = Int.random(in: 0..<mutated[frame].count, using: &generator)
                    mutated[frame][index] = UInt8.random(in: 0...255, using: &generator)
                default:  // append garbage
                    mutated[frame] += randomBytes(Int.random(in: 1...8, using: &generator), using: &generator)
                }
                decodeOrReject(mutated)
                rounds += 1
            }
        }
        #expect(rounds == valid.count * 400)
    }
}
