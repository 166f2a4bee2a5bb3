import Dispatch
import Foundation
import Synchronization

/// SIGINT and SIGTERM turned into a flag the load generator's loop reads, so an interrupted load test stops its
/// coordinator child instead of leaving it running; the signals' default actions come back when it is released.
final class Interruption {
    private let signalled = Atomic<Int32>(0)
    private let sources: [any DispatchSourceSignal]

    /// Starts catching SIGINT and SIGTERM.
    init() {
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            sources.append(source)
        }
        self.sources = sources
        for (source, number) in zip(sources, [SIGINT, SIGTERM]) {
            source.setEventHandler { [weak self] in self?.signalled.store(number, ordering: .releasing) }
            source.resume()
        }
    }

    /// The signal received (SIGINT or SIGTERM), nil while none was.
    var received: Int32? {
        let number = signalled.load(ordering: .acquiring)
        return number == 0 ? nil : number
    }

    deinit {
        for source in sources { source.cancel() }
        Foundation.signal(SIGINT, SIG_DFL)
        Foundation.signal(SIGTERM, SIG_DFL)
    }
}
