/// Four Float64 values, one per trajectory: the unit of work of the AVX2 variant, one `ymm` register.
///
/// With sixteen lanes (four `ymm` each) a unit pair of ``SampleQuad`` accumulators alone needs 32 of the
/// 16 `ymm` registers and everything spills; with four it takes 8, leaving the operands and the `exp`
/// chains room, as sixteen lanes do in the 32 `zmm` of AVX-512. Lanes never mix, so a trajectory's bits
/// do not depend on the width.
public typealias Lanes = SIMD4<Double>

/// The integer view of ``Lanes`` used for exponent manipulation.
public typealias LaneBits = SIMD4<Int64>
