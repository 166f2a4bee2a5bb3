import Coordinator
import Dashboard
import Testing

@Suite("Where the dashboard may listen")
struct DashboardSettingsTests {
    @Test("loopback needs no token", arguments: ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
    func loopback(host: String) throws {
        try DashboardSettings(host: host, port: 8080).checkBind()
    }

    @Test("any other address is refused without a token, naming the option and the tunnel", arguments: ["0.0.0.0", "::", "10.1.2.3", "node-7"])
    func networkWithoutToken(host: String) throws {
        let error = try #require(throws: EndpointSecurityError.self) { try DashboardSettings(host: host, port: 8080).checkBind() }
        #expect(error.message.contains("refusing to serve the dashboard on \(host):8080 without a token"))
        #expect(error.message.contains("--dashboard-token"))
        #expect(error.message.contains("ssh -L 8080:127.0.0.1:8080"))
        try DashboardSettings(host: host, port: 8080, token: "s3cret").checkBind()
    }

    @Test("an empty token is refused")
    func emptyToken() {
        #expect(throws: EndpointSecurityError.self) { try DashboardSettings(host: "127.0.0.1", port: 1, token: "").checkBind() }
    }
}
