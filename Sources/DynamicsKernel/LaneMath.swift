/// Vectorised elementary functions on ``Lanes``, built only from correctly rounded IEEE-754
/// operations — add, subtract, multiply, divide, fused multiply-add — and bit manipulation, so their
/// results do not depend on the CPU the build targets (a fused multiply-add rounds once, whether a
/// `vfmadd` instruction or the C library's `fma` computes it).
public enum LaneMath {
    // Cody–Waite split of ln 2 (fdlibm): `ln2High` has 21 trailing zero bits, so k·ln2High is exact.
    @usableFromInline static let ln2High = 6.931_471_803_691_238_164_90e-01
    @usableFromInline static let ln2Low = 1.908_214_929_270_587_700_02e-10
    @usableFromInline static let inverseLn2 = 1.442_695_040_888_963_387_00
    /// 1.5 · 2⁵²: adding it rounds a |v| < 2⁵¹ to the nearest integer, which its low bits then hold.
    @usableFromInline static let roundingShift = 6_755_399_441_055_744.0

    /// e^r for |r| ≤ ½ ln 2 + a little, and k, for x = k ln 2 + r: the shared core of the exponentials.
    ///
    /// e^r = 1 + r + r² q(r) with q of degree 9, the Chebyshev fit of (e^r − 1 − r) / r² on
    /// |r| ≤ ½ ln 2 + 0.001 (mpmath `chebyfit`, 50 digits): with its coefficients rounded to Float64 the
    /// approximation is within 0.16 ulp of e^r, two multiply-adds fewer than the degree-13 Taylor
    /// polynomial of the same accuracy. q is evaluated by Horner's rule in fused multiply-adds; k comes back
    /// as `roundingShift + k`, whose low bits hold k.
    @inlinable @inline(__always)
    static func reduced(_ x: Lanes) -> (expR: Lanes, shifted: Lanes) {
        let shifted = Lanes(repeating: roundingShift).addingProduct(x, inverseLn2)
        let k = shifted - roundingShift
        let r = x.addingProduct(k, -ln2High).addingProduct(k, -ln2Low)
        var p = Lanes(repeating: 2.510_065_503_606_659e-08)
        p = Lanes(repeating: 2.762_043_894_863_442e-07).addingProduct(p, r)
        p = Lanes(repeating: 2.755_726_789_174_553e-06).addingProduct(p, r)
        p = Lanes(repeating: 2.480_152_055_701_783e-05).addingProduct(p, r)
        p = Lanes(repeating: 1.984_126_986_342_035e-04).addingProduct(p, r)
        p = Lanes(repeating: 1.388_888_891_769_060_3e-03).addingProduct(p, r)
        p = Lanes(repeating: 8.333_333_333_329_989e-03).addingProduct(p, r)
        p = Lanes(repeating: 4.166_666_666_662_317e-02).addingProduct(p, r)
        p = Lanes(repeating: 1.666_666_666_666_666_9e-01).addingProduct(p, r)
        p = Lanes(repeating: 5.000_000_000_000_001e-01).addingProduct(p, r)
        return (Lanes(repeating: 1).addingProduct(Lanes(repeating: 1).addingProduct(p, r), r), shifted)
    }

    /// eᕽ in every lane, within 2 ulp of the correctly rounded value over the whole Float64 range.
    ///
    /// x = k ln 2 + r with |r| ≤ ln 2 / 2, eʳ by ``reduced(_:)``, and 2ᵏ applied as two exact
    /// power-of-two factors so that subnormal results round once. Overflows to +∞ above ≈ 709.78,
    /// underflows to 0 below ≈ −745.13, and NaN stays NaN.
    @inlinable @inline(__always)
    public static func exp(_ x: Lanes) -> Lanes {
        var x = x
        x.replace(with: 710, where: x .> 710)
        x.replace(with: -746, where: x .< -746)
        let (expR, shifted) = reduced(x)
        let integer = unsafeBitCast(shifted, to: LaneBits.self) &- unsafeBitCast(
            Lanes(repeating: roundingShift), to: LaneBits.self)
        let half = integer &>> 1
        let first = unsafeBitCast((half &+ 1023) &<< 52, to: Lanes.self)
        let second = unsafeBitCast((integer &- half &+ 1023) &<< 52, to: Lanes.self)
        return expR * first * second
    }

    /// e^−|x| in every lane, the decaying exponential of the activations, within 2 ulp where it is at
    /// least e^−708 ≈ 3.3e-308.
    ///
    /// Below that (|x| > 708) it returns e^−708 instead of a subnormal number or 0 — an absolute error
    /// under 3.4e-308 that nothing added to 1 can see — so the result e^r · 2ᵏ is normal (k ≥ −1021, e^r in
    /// [0.7, 1.42]) and multiplying by 2ᵏ is exact: it is done by adding k to the exponent field, two integer
    /// operations (`shifted`'s low bits, shifted left by 52, are k · 2⁵²), the same bits as the multiplication
    /// without taking one of the two ports of the fused multiply-adds (measured: iris-600 ≈ 2% faster).
    /// NaN stays NaN: a NaN's payload rides along, and every NaN the kernel can meet is the default NaN
    /// of an invalid operation (its low 12 bits are 0), so the added exponent is 0.
    @inlinable @inline(__always)
    public static func expNegativeMagnitude(_ x: Lanes) -> Lanes {
        var x = unsafeBitCast(unsafeBitCast(x, to: LaneBits.self) | LaneBits(repeating: Int64.min), to: Lanes.self)
        x.replace(with: -708, where: x .< -708)
        let (expR, shifted) = reduced(x)
        return unsafeBitCast(
            unsafeBitCast(expR, to: LaneBits.self) &+ (unsafeBitCast(shifted, to: LaneBits.self) &<< 52), to: Lanes.self)
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
        polynomial = Lanes(repeating: 1.531_383_769_920_937_332e-01).addingProduct(polynomial, z)
        polynomial = Lanes(repeating: 1.818_357_216_161_805_012e-01).addingProduct(polynomial, z)
        polynomial = Lanes(repeating: 2.222_219_843_214_978_396e-01).addingProduct(polynomial, z)
        polynomial = Lanes(repeating: 2.857_142_874_366_239_149e-01).addingProduct(polynomial, z)
        polynomial = Lanes(repeating: 3.999_999_999_940_941_908e-01).addingProduct(polynomial, z)
        polynomial = Lanes(repeating: 6.666_666_666_666_735_130e-01).addingProduct(polynomial, z)
        let r = z * polynomial
        let halfSquare = 0.5 * f * f
        let result = exponent * ln2High - ((halfSquare - (s * (halfSquare + r) + exponent * ln2Low)) - f)
        return result + (x - x)
    }
}
