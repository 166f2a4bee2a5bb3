import Foundation
import Testing
import ZeroMQ

@Suite("Z85 and CURVE")
struct CurveTests {
    @Test("Z85 round trips and matches the RFC 32 test vector")
    func z85RoundTrip() throws {
        let vector: [UInt8] = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B]
        #expect(Z85.encode(vector) == "HelloWorld")
        #expect(Z85.decode("HelloWorld") == vector)
        let bytes = (0..<64).map { UInt8(($0 * 37) % 256) }
        let text = try #require(Z85.encode(bytes))
        #expect(text.count == 80)
        #expect(Z85.decode(text) == bytes)
        #expect(Z85.encode([]) == "")
        #expect(Z85.decode("") == [])
    }

    @Test("Z85 rejects bad lengths and characters", arguments: ["Hello", "HelloWorl", "Hello Worl", "Héllo", "~~~~~", "Hell\u{7F}"])
    func z85RejectsBadText(text: String) {
        if text == "Hello" {
            #expect(Z85.decode(text) != nil)  // control: a valid group of five
        } else {
            #expect(Z85.decode(text) == nil)
        }
    }

    @Test("Z85 rejects lengths not a multiple of four, NUL and groups above 32 bits")
    func z85RejectsBadLength() {
        #expect(Z85.encode([1]) == nil)
        #expect(Z85.encode([1, 2, 3, 4, 5]) == nil)
        #expect(Z85.decode("Hel\u{0}o") == nil)
        #expect(Z85.decode("%nSc0") == [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(Z85.decode("%nSc1") == nil)  // above 2^32 - 1
        #expect(Z85.decode("#####") == nil)
    }

    @Test("CURVE key pairs are 40-character Z85 keys and the public key derives from the secret")
    func keyPairs() throws {
        let pair = try CurveKeyPair.generate()
        #expect(pair.publicKey.count == 40)
        #expect(pair.secretKey.count == 40)
        #expect(Z85.decode(pair.publicKey)?.count == 32)
        #expect(pair.publicKeyBytes.count == 32)
        #expect(try CurveKeyPair.publicKey(fromSecret: pair.secretKey) == pair.publicKey)
        #expect(try CurveKeyPair(secretKey: pair.secretKey) == pair)
        #expect(try CurveKeyPair.generate() != pair)
        #expect(!pair.description.contains(pair.secretKey))
        #expect(throws: ZeroMQError.self) { try CurveKeyPair.publicKey(fromSecret: "too short") }
        #expect(throws: ZeroMQError.self) { try CurveKeyPair.publicKey(fromSecret: String(repeating: " ", count: 40)) }
    }

    @Test("a CURVE client and server exchange messages")
    func curveExchange() throws {
        let context = try Context()
        let serverKeys = try CurveKeyPair.generate()
        let clientKeys = try CurveKeyPair.generate()

        let server = try context.makeSocket(.router)
        try server.setLinger(milliseconds: 0)
        try server.setReceiveTimeout(milliseconds: 5000)
        try server.configureCurveServer(keyPair: serverKeys)
        #expect(try server.curveServer)
        #expect(try server.curvePublicKey == serverKeys.publicKey)
        try server.bind("tcp://127.0.0.1:*")

        let client = try context.makeSocket(.dealer)
        try client.setLinger(milliseconds: 0)
        try client.setReceiveTimeout(milliseconds: 5000)
        try client.configureCurveClient(keyPair: clientKeys, serverPublicKey: serverKeys.publicKey)
        #expect(try client.curveServerKey == serverKeys.publicKey)
        try client.connect(try server.lastEndpoint)

        try client.send([Array("secret".utf8)])
        let request = try #require(try server.receive())
        #expect(request.last == Array("secret".utf8))
        try server.send([request[0], Array("reply".utf8)])
        #expect(try client.receive() == [Array("reply".utf8)])
    }

    @Test("CURVE key setters refuse anything but 40 Z85 characters")
    func keySetterValidation() throws {
        let context = try Context()
        let socket = try context.makeSocket(.dealer)
        let error = try #require(throws: ZeroMQError.self) { try socket.setCurveServerKey(String(repeating: "a", count: 32)) }
        #expect(error.code == ZeroMQError.Code.invalidArgument)
        #expect(throws: ZeroMQError.self) { try socket.setCurveSecretKey("") }
    }
}
