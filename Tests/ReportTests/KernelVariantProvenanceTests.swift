import Report
import Testing

@Suite("Report: the kernel variants in the provenance")
struct KernelVariantProvenanceTests {
    @Test("variants are listed with their worker processes and tasks, most tasks first; silent workers are not recorded")
    func summary() {
        let workers = [
            ReportWorker(host: "a", processes: 1, tasksDone: 20, kernelVariant: "avx2"),
            ReportWorker(host: "b", processes: 3, tasksDone: 300, kernelVariant: "avx512"),
            ReportWorker(host: "c", processes: 1, tasksDone: 80, kernelVariant: "avx512"),
            ReportWorker(host: "d", processes: 1, tasksDone: 1),
        ]
        #expect(ReportWorker.kernelVariants(of: workers)
                == "avx512 (4 worker processes, 380 tasks); avx2 (1 worker process, 20 tasks); not recorded (1 worker process, 1 task)")
        #expect(ReportWorker.kernelVariants(of: []) == "no workers recorded")
    }
}
