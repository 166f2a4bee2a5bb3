import Analysis
import Dynamics
import Testing

@testable import Sweep

@Suite("Tasks and their results")
struct SweepContextTests {
    static let text = """
        seed = 42
        [training]
        eta = [0.5, 1.0]
        steps = 60
        [ensemble]
        ics = 4
        members = 3
        epsilon = [1e-12, 1e-6]
        [fit]
        grid_start_max = 20
        grid_length_min = 10
        grid_length_max = 40
        """

    func context() throws -> SweepContext {
        try SweepContext(definition: try SweepFile.parse(text: Self.text, path: "t.toml"), baseDirectory: ".", file: "t.toml")
    }

    @Test("a task computed twice, and in another order among other tasks, gives bit-identical curves")
    func determinism() throws {
        let context = try context()
        let tasks = context.tasks
        #expect(tasks.count == 8)
        let forward = tasks.map { context.run($0) }
        let backward = Array(tasks.reversed().map { context.run($0) }.reversed())
        #expect(forward == backward)
        let fresh = try self.context()  // a new process would rebuild the context from the text
        #expect(fresh.run(tasks[5]) == forward[5])
        for (a, b) in zip(forward[5].ensemble.curves, backward[5].ensemble.curves) {
            #expect(a.meanDistance.map(\.bitPattern) == b.meanDistance.map(\.bitPattern))
        }
    }

    @Test("the λ table does not depend on the order results arrive in, nor on duplicates")
    func tableOrderIndependence() throws {
        let context = try context()
        let fits = context.tasks.map { ICFit.fits(of: context.run($0), definition: context.definition) }
        var inOrder = LambdaTable(definition: context.definition)
        fits.forEach { inOrder.add($0) }
        var shuffled = LambdaTable(definition: context.definition)
        for index in [3, 7, 0, 5, 1, 6, 2, 4, 3] { shuffled.add(fits[index]) }
        #expect(inOrder.rows() == shuffled.rows())
        #expect(inOrder.rows().count == 4)
        #expect(inOrder.rows().allSatisfy { $0.estimate.total == 4 })
    }

    @Test("trajectory-steps per task count the reference and every copy")
    func stepCount() throws {
        #expect(try context().trajectoryStepsPerTask == 61 * (1 + 3 * 2))
    }
}
