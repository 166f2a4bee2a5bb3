import Testing
import Wire

@Suite("WireCodec.peekVersion")
struct PeekVersionTests {
    private let hello = WireMessage.hello(Hello(workerID: "w1", host: "h", pid: 10, processes: 2, softwareVersion: "0.1"))

    @Test("reads the version of a well-formed header, whatever the version")
    func wellFormed() {
        #expect(WireCodec.peekVersion(WireCodec.encode(hello)) == WireProtocol.version)
        #expect(WireCodec.peekVersion(WireCodec.encode(hello, version: 2)) == 2)
        #expect(WireCodec.peekVersion(WireCodec.encode(hello, version: 0xABCD)) == 0xABCD)
    }

    @Test("ignores type and payload")
    func ignoresRest() {
        let header = [UInt8]("LYSW".utf8) + [0, 9, 250, 0]
        #expect(WireCodec.peekVersion([header, [0xFF, 0xFF]]) == 9)
    }

    @Test("nil without a well-formed header")
    func malformed() {
        let frames = WireCodec.encode(hello)
        #expect(WireCodec.peekVersion([]) == nil)
        #expect(WireCodec.peekVersion([frames[0]]) == nil)
        #expect(WireCodec.peekVersion(frames + [[]]) == nil)
        #expect(WireCodec.peekVersion([Array(frames[0].prefix(5)), frames[1]]) == nil)
        #expect(WireCodec.peekVersion([[0, 0, 0, 0, 0, 1, 1, 0], frames[1]]) == nil)
    }
}
