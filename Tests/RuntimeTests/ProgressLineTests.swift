import Testing

@testable import Runtime

@Suite("Progress line")
struct ProgressLineTests {
    @Test("durations read as seconds below 90 s, minutes below 1.5 h, hours from there", arguments: [
        (42.0, "42 s"), (89.4, "89 s"), (90.0, "2 min"), (5399.0, "90 min"), (5400.0, "1.5 h"), (36_000.0, "10.0 h"),
    ])
    func duration(seconds: Double, text: String) {
        #expect(ProgressLine.duration(seconds) == text)
    }
}
