/// One unit's ``Lanes`` for four training samples: the kernel's register tile, so that every
/// parameter or gradient lane loaded from memory serves four samples.
///
/// In memory a quad is four consecutive ``Lanes``, sample s at offset s. Every operation works sample
/// by sample in sample order, so sums over samples come out in the order of the plain oracle.
struct SampleQuad {
    /// Samples per quad.
    static let count = 4

    var s0, s1, s2, s3: Lanes

    /// The quad of the four samples' lanes.
    @inline(__always)
    init(s0: Lanes, s1: Lanes, s2: Lanes, s3: Lanes) {
        self.s0 = s0
        self.s1 = s1
        self.s2 = s2
        self.s3 = s3
    }

    /// The same lanes for every sample.
    @inline(__always)
    init(repeating value: Lanes) {
        s0 = value
        s1 = value
        s2 = value
        s3 = value
    }

    /// The quad stored at `pointer`.
    @inline(__always)
    init(_ pointer: UnsafeMutablePointer<Lanes>) {
        s0 = pointer[0]
        s1 = pointer[1]
        s2 = pointer[2]
        s3 = pointer[3]
    }

    /// Writes the quad to `pointer`.
    @inline(__always)
    func store(_ pointer: UnsafeMutablePointer<Lanes>) {
        pointer[0] = s0
        pointer[1] = s1
        pointer[2] = s2
        pointer[3] = s3
    }

    /// `transform` applied to every sample.
    @inline(__always)
    func map(_ transform: (Lanes) -> Lanes) -> SampleQuad {
        var result = self
        result.s0 = transform(s0)
        result.s1 = transform(s1)
        result.s2 = transform(s2)
        result.s3 = transform(s3)
        return result
    }

    /// self_s ← self_s + w · x_s for every sample (one fused multiply-add each): a weight shared by
    /// the four samples.
    @inline(__always)
    mutating func addProduct(_ w: Lanes, _ x: SampleQuad) {
        s0 = s0.addingProduct(w, x.s0)
        s1 = s1.addingProduct(w, x.s1)
        s2 = s2.addingProduct(w, x.s2)
        s3 = s3.addingProduct(w, x.s3)
    }

    /// self_s ← self_s · x_s for every sample.
    @inline(__always)
    mutating func multiply(by x: SampleQuad) {
        s0 *= x.s0
        s1 *= x.s1
        s2 *= x.s2
        s3 *= x.s3
    }

    /// Sample `s`'s lanes (0 ≤ s < 4).
    @inline(__always)
    subscript(s: Int) -> Lanes {
        switch s {
        case 0: s0
        case 1: s1
        case 2: s2
        default: s3
        }
    }

    /// self_s ← x_s in every lane where x_s ≥ self_s: a running maximum over quads.
    @inline(__always)
    mutating func keepLarger(_ x: SampleQuad) {
        s0.replace(with: x.s0, where: x.s0 .>= s0)
        s1.replace(with: x.s1, where: x.s1 .>= s1)
        s2.replace(with: x.s2, where: x.s2 .>= s2)
        s3.replace(with: x.s3, where: x.s3 .>= s3)
    }

    /// self_s − x_s for every sample.
    @inline(__always)
    func subtracting(_ x: SampleQuad) -> SampleQuad {
        SampleQuad(s0: s0 - x.s0, s1: s1 - x.s1, s2: s2 - x.s2, s3: s3 - x.s3)
    }

    /// self_s ← self_s + x_s for every sample.
    @inline(__always)
    mutating func add(_ x: SampleQuad) {
        s0 += x.s0
        s1 += x.s1
        s2 += x.s2
        s3 += x.s3
    }

    /// g + Σ_s self_s · x_s, added sample by sample in order (a gradient accumulated over the quad).
    @inline(__always)
    func accumulate(_ g: Lanes, times x: SampleQuad) -> Lanes {
        g.addingProduct(s0, x.s0).addingProduct(s1, x.s1).addingProduct(s2, x.s2).addingProduct(s3, x.s3)
    }
}

/// Where a layer's input quad comes from: the kernel's stored activations, or the training features.
protocol QuadSource {
    /// The quad of input unit `j`.
    func quad(_ j: Int) -> SampleQuad
}

/// Activations stored as quads (unit j at `base + 4j`): the input of every layer but the first.
struct StoredQuads: QuadSource {
    let base: UnsafeMutablePointer<Lanes>

    @inline(__always)
    func quad(_ j: Int) -> SampleQuad { SampleQuad(base + SampleQuad.count * j) }
}

/// The four samples' feature rows, read as scalars and broadcast to every lane where they are used: the
/// input of the first layer, the same for every trajectory.
struct FeatureQuads: QuadSource {
    let s0, s1, s2, s3: UnsafeMutablePointer<Double>

    @inline(__always)
    func quad(_ j: Int) -> SampleQuad {
        SampleQuad(s0: Lanes(repeating: s0[j]), s1: Lanes(repeating: s1[j]), s2: Lanes(repeating: s2[j]),
                   s3: Lanes(repeating: s3[j]))
    }
}
