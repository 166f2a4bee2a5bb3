import Coordinator
@testable import Dashboard
import Testing

@Suite("The dashboard page")
struct DashboardPageTests {
    @Test("self-contained: no script, style, image or font is loaded from anywhere")
    func selfContained() {
        let page = DashboardPage.render(progress: nil, workers: nil, lambda: nil)
        for reference in ["src=", "href=", "@import", "url(", "https://"] {
            #expect(!page.contains(reference), "\(reference)")
        }
        // The only URL is the SVG namespace, an identifier that is never fetched.
        #expect(page.components(separatedBy: "http://").count == 2)
        #expect(page.contains("new EventSource(\"/api/events\" + suffix)"))
    }

    @Test("the embedded payloads cannot close the script element, whatever a worker calls itself")
    func embeddedIsEscaped() throws {
        let status = fixtureStatus(workerID: "</script><script>alert(1)</script>")
        let workers = WorkersPayload(livenessSeconds: 5, workers: status.workers)
        let page = DashboardPage.render(progress: ProgressPayload(status: status, throughput: []), workers: workers, lambda: nil)
        #expect(!page.contains("alert(1)</script>"))
        #expect(page.components(separatedBy: "</script>").count == 2)
        #expect(page.contains("\\u003c\\/script>\\u003cscript>alert(1)"))
    }

    @Test("headings keep their Greek letters and case: no small-caps or uppercase transform; λ_nMLE over ε and over η")
    func headings() {
        let page = DashboardPage.render(progress: nil, workers: nil, lambda: nil)
        #expect(!page.contains("small-caps") && !page.contains("uppercase"))
        #expect(page.contains("<h2>λ<sub>nMLE</sub>(ε), one series per η"))
        #expect(page.contains("<h2>λ<sub>nMLE</sub>(η), one series per ε</h2>"))
        #expect(page.contains("<h2>Kept fraction of initial conditions per η"))
        #expect(page.contains("<h2>Progress per η"))
    }
}

