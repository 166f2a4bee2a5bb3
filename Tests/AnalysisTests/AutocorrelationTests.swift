import Foundation
import RandomStreams
import Testing

@testable import Analysis

@Suite("Autocorrelation and its surrogate band")
struct AutocorrelationTests {
    @Test("the ACF of white noise stays inside its band at ≥ 90% of lags")
    func whiteNoise() {
        var stream = RandomStream(.dataSplit, [2024])
        var noise = [Double](repeating: 0, count: 5_000)
        stream.fillGaussian(&noise, standardDeviation: 1)
        let acf = Autocorrelation.function(of: noise, maxLag: 50)
        let band = Autocorrelation.surrogateBand(of: noise, maxLag: 50, surrogates: 99, streamPath: [3, 0, 1])
        #expect(acf.count == 51 && band.count == 51)
        #expect(acf[0] == 1)
        let inside = (1...50).filter { abs(acf[$0]) <= band[$0] }.count
        #expect(Double(inside) >= 0.9 * 50, "\(inside) of 50 lags inside")
    }

    @Test("a slow oscillation is correlated far outside the band")
    func periodicSeries() {
        let series = (0..<1000).map { sin(Double($0) * 0.05) }
        let acf = Autocorrelation.function(of: series, maxLag: 10)
        let band = Autocorrelation.surrogateBand(of: series, maxLag: 10, surrogates: 39, streamPath: [4])
        for lag in 1...10 { #expect(acf[lag] > 5 * band[lag]) }
    }
}
