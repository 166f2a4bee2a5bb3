import ArgumentParser
import Runtime

/// `lyapsweep dashboard`: the web dashboard of a finished or interrupted run, read-only from its database.
struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dashboard", abstract: "Serve the web dashboard, its API and /metrics of a finished or interrupted run from its database (read-only).")

    @Option(help: "The run's database (SQLite).", completion: .file(extensions: ["sqlite"])) var db: String
    @Option(help: "The TCP port (0 picks a free one).") var port = 8080
    @Option(help: "The address to bind; anything but loopback needs --token.") var host = "127.0.0.1"
    @Option(help: "A token every request but /healthz must carry (Authorization: Bearer TOKEN or ?token=TOKEN).") var token: String?

    func run() async throws {
        let status = await DatabaseDashboard.serve(database: db, host: host, port: port, token: token)
        if status != .success { throw status.exitCode }
    }
}
