import Coordinator
import Testing

@Suite("Which endpoints may carry plaintext")
struct EndpointSecurityTests {
    @Test("ipc, inproc and loopback tcp are local", arguments: [
        "ipc:///tmp/x.ipc", "inproc://a", "tcp://127.0.0.1:5555", "tcp://127.1.2.3:*", "tcp://localhost:5555",
        "tcp://[::1]:5555", "TCP://LOCALHOST:1",
    ])
    func local(endpoint: String) throws {
        #expect(EndpointSecurity.isLocal(endpoint))
        try EndpointSecurity.checkBind(endpoint, secured: false, insecure: false)
    }

    @Test("every other endpoint needs keys or --insecure", arguments: [
        "tcp://0.0.0.0:5555", "tcp://*:5555", "tcp://eth0:5555", "tcp://10.0.0.1:5555", "tcp://[::]:5555",
        "tcp://127.0.0.1.evil.example:5555", "tcp://1270.0.0.1:1", "ws://127.0.0.1:1", "pgm://eth0;239.192.1.1:5555",
    ])
    func network(endpoint: String) throws {
        #expect(!EndpointSecurity.isLocal(endpoint))
        #expect(throws: EndpointSecurityError.self) { try EndpointSecurity.checkBind(endpoint, secured: false, insecure: false) }
        try EndpointSecurity.checkBind(endpoint, secured: true, insecure: false)
        try EndpointSecurity.checkBind(endpoint, secured: false, insecure: true)
    }
}
