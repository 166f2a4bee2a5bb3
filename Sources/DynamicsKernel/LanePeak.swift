/// The loop that measures the Float64 peak of this variant: independent chains of ``Lanes`` fused
/// multiply-adds, the kernel's own instruction at the kernel's own width and target.
///
/// It lives in the variant's module so that it is compiled with the variant's flags (see Package.swift): the
/// caller times ``run(iterations:)`` and divides ``flops(iterations:)`` by the seconds. Twelve chains of
/// ``Lanes`` plus the two operands fit the registers of both vector variants without spilling (AVX-512:
/// 28 of 32 `zmm`, two per ``Lanes``; AVX2: 14 of 16 `ymm`, one per ``Lanes``), and cover the four-cycle
/// latency of a fused multiply-add on two ports.
enum LanePeak {
    /// Independent chains.
    static let chains = 12

    /// Floating-point operations of ``run(iterations:)``: a multiply-add counts 2 per lane.
    static func flops(iterations: Int) -> Int { iterations * chains * Lanes.scalarCount * 2 }

    /// Runs `iterations` rounds of a ← y + a · x on every chain; returns their sum so that the work
    /// cannot be optimised away (finite for any iteration count).
    @_optimize(speed)
    static func run(iterations: Int) -> Double {
        let x = Lanes(repeating: 0.999_999_9), y = Lanes(repeating: 1e-9)
        var a0 = Lanes(repeating: 0), a1 = Lanes(repeating: 1), a2 = Lanes(repeating: 2), a3 = Lanes(repeating: 3)
        var a4 = Lanes(repeating: 4), a5 = Lanes(repeating: 5), a6 = Lanes(repeating: 6), a7 = Lanes(repeating: 7)
        var a8 = Lanes(repeating: 8), a9 = Lanes(repeating: 9), a10 = Lanes(repeating: 10), a11 = Lanes(repeating: 11)
        for _ in 0..<iterations {
            a0 = y.addingProduct(a0, x); a1 = y.addingProduct(a1, x); a2 = y.addingProduct(a2, x)
            a3 = y.addingProduct(a3, x); a4 = y.addingProduct(a4, x); a5 = y.addingProduct(a5, x)
            a6 = y.addingProduct(a6, x); a7 = y.addingProduct(a7, x); a8 = y.addingProduct(a8, x)
            a9 = y.addingProduct(a9, x); a10 = y.addingProduct(a10, x); a11 = y.addingProduct(a11, x)
        }
        return ((a0 + a1 + a2 + a3) + (a4 + a5 + a6 + a7) + (a8 + a9 + a10 + a11)).sum()
    }
}
