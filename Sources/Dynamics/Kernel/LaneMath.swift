/// Sixteen Float64 values, one per trajectory: the unit of work of the lockstep kernel.
///
/// The width is fixed in the source, not taken from the build's CPU target, so every build computes
/// exactly the same lanes with exactly the same operations: a baseline x86-64 build splits each
/// operation into eight SSE2 instructions, an AVX-512 build into two independent ones, and all round
/// identically. Sixteen rather than eight lanes because the two halves then hide each other's
/// latency in the long dependency chains of `exp` and halve the loop overhead per lane (measured
/// ≈ 1.1× faster than eight lanes on AVX-512).
public typealias Lanes = SIMD16<Double>

/// The integer view of ``Lanes`` used for exponent manipulation.
public typealias LaneBits = SIMD16<Int64>

/// Vectorised elementary functions on ``Lanes``, built only from IEEE-754 add, subtract, multiply,
/// divide and bit manipulation, never fused multiply-add, so their results do not depend on the CPU
/// the build targets.
public enum LaneMath {
    // Cody–Waite split of ln 2 (fdlibm): `ln2High` has 21 trailing zero bits, so k·ln2High is exact.
    @usableFromInline static let ln2High = 6.931_471_803_691_238_164_90e-01
    @usableFromInline static let ln2Low = 1.908_214_929_270_587_700_02e-10
    @usableFromInline static let inverseLn2 = 1.442_695_040_888_963_387_00
    /// 1.5 · 2⁵²: adding it rounds a |v| < 2⁵¹ to the nearest integer, which its low bits then hold.
    @usableFromInline static let roundingShift = 6_755_399_441_055_744.0

    /// eᕽ in every lane, within 2 ulp of the correctly rounded value over the whole Float64 range.
    ///
    /// x = k ln 2 + r with |r| ≤ ln 2 / 2, eʳ by its degree-13 Taylor polynomial, and 2ᵏ applied as
    /// two exact power-of-two factors so that subnormal results round once. Overflows to +∞ above
    /// ≈ 709.78, underflows to 0 below ≈ −745.13, and NaN stays NaN.
    @inlinable @inline(__always)
    public static func exp(_ x: Lanes) -> Lanes {
        var x = x
        x.replace(with: 710, where: x .> 710)
        x.replace(with: -746, where: x .< -746)
        let shifted = x * inverseLn2 + roundingShift
        let k = shifted - roundingShift
        let r = (x - k * ln2High) - k * ln2Low
        var p = Lanes(repeating: 1.0 / 6_227_020_800)  // 1/13!
        p = p * r + 1.0 / 479_001_600
        p = p * r + 1.0 / 39_916_800
        p = p * r + 1.0 / 3_628_800
        p = p * r + 1.0 / 362_880
        p = p * r + 1.0 / 40_320
        p = p * r + 1.0 / 5_040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        let expR = 1 + (r + (r * r) * p)
        let integer = unsafeBitCast(shifted, to: LaneBits.self) &- unsafeBitCast(
            Lanes(repeating: roundingShift), to: LaneBits.self)
        let half = integer &>> 1
        let first = unsafeBitCast((half &+ 1023) &<< 52, to: Lanes.self)
        let second = unsafeBitCast((integer &- half &+ 1023) &<< 52, to: Lanes.self)
        return expR * first * second
    }

    /// ln x in every lane for positive x, within 1 ulp (fdlibm's `__ieee754_log` scheme).
    ///
    /// Exact for the kernel's use (the softmax normaliser, 1 ≤ x ≤ classes); +∞ and NaN give NaN,
    /// which is all the kernel needs of them (a non-finite loss marks a diverged trajectory).
    /// - Precondition: x is zero-free and normal (subnormal and non-positive inputs are not handled).
    @inlinable @inline(__always)
    public static func log(_ x: Lanes) -> Lanes {
        let bits = unsafeBitCast(x, to: LaneBits.self)
        let shiftBits = unsafeBitCast(Lanes(repeating: roundingShift), to: LaneBits.self)
        var exponent = unsafeBitCast((bits &>> 52) | shiftBits, to: Lanes.self) - (roundingShift + 1023)
        var m = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: Lanes.self)
        let high = m .> 1.414_213_562_373_095_145_47
        m.replace(with: m * 0.5, where: high)
        exponent.replace(with: exponent + 1, where: high)
        let f = m - 1
        let s = f / (2 + f)
        let z = s * s
        var polynomial = Lanes(repeating: 1.479_819_860_511_658_591e-01)
        polynomial = polynomial * z + 1.531_383_769_920_937_332e-01
        polynomial = polynomial * z + 1.818_357_216_161_805_012e-01
        polynomial = polynomial * z + 2.222_219_843_214_978_396e-01
        polynomial = polynomial * z + 2.857_142_874_366_239_149e-01
        polynomial = polynomial * z + 3.999_999_999_940_941_908e-01
        polynomial = polynomial * z + 6.666_666_666_666_735_130e-01
        let r = z * polynomial
        let halfSquare = 0.5 * f * f
        let result = exponent * ln2High - ((halfSquare - (s * (halfSquare + r) + exponent * ln2Low)) - f)
        return result + (x - x)
    }
}
