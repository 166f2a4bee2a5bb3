/// Four Float64 values, one per trajectory: the unit of work of the portable variant (baseline x86-64,
/// where every fused multiply-add is a call to the C library's `fma`, and other architectures, where the
/// compiler's default target has one; on AArch64 a ``Lanes`` is two of the 32 `q` registers). Lanes never
/// mix, so a trajectory's bits do not depend on the width.
public typealias Lanes = SIMD4<Double>

/// The integer view of ``Lanes`` used for exponent manipulation.
public typealias LaneBits = SIMD4<Int64>
