/// The shape of a fully connected feed-forward network and the canonical order of its parameters.
///
/// Parameters are flattened layer by layer: for each weight layer l, the matrix W_l row-major
/// (n_{l+1} × n_l, one row per output unit), then the bias vector b_l (docs/METHOD.md §1).
/// For layers [4, 10, 3] that is 40 + 10 + 30 + 3 = 83 parameters.
public struct NetworkArchitecture: Hashable, Sendable, Codable {
    /// Layer widths from input to output, at least two entries (input and output).
    public var layers: [Int]
    /// The hidden-layer activation; the output layer is always softmax.
    public var activation: Activation

    /// Creates an architecture.
    ///
    /// - Precondition: at least two layers, every width ≥ 1.
    public init(layers: [Int], activation: Activation) {
        precondition(layers.count >= 2 && layers.allSatisfy { $0 >= 1 }, "need ≥ 2 layers of width ≥ 1")
        self.layers = layers
        self.activation = activation
    }

    /// Number of weight layers (connections between consecutive widths).
    public var layerCount: Int { layers.count - 1 }

    /// Total number of parameters P.
    public var parameterCount: Int { weightOffset(layer: layerCount) }

    /// Offset of W_l in the flat parameter vector, for weight layer `l` in `0..<layerCount`
    /// (`l == layerCount` gives the total count).
    public func weightOffset(layer l: Int) -> Int {
        var offset = 0
        for k in 0..<l { offset += layers[k + 1] * layers[k] + layers[k + 1] }
        return offset
    }

    /// Offset of b_l in the flat parameter vector.
    public func biasOffset(layer l: Int) -> Int {
        weightOffset(layer: l) + layers[l + 1] * layers[l]
    }

    /// A mask over the flat parameters: `true` for weights, `false` for biases.
    public var weightMask: [Bool] {
        var mask: [Bool] = []
        mask.reserveCapacity(parameterCount)
        for l in 0..<layerCount {
            mask.append(contentsOf: repeatElement(true, count: layers[l + 1] * layers[l]))
            mask.append(contentsOf: repeatElement(false, count: layers[l + 1]))
        }
        return mask
    }
}

extension NetworkArchitecture {
    /// Stops unless the network fits `data`: the input width equals its feature count and the output layer
    /// covers its classes (wider outputs are ghost units, which no label selects).
    func requireFits(_ data: Dataset) {
        precondition(layers[0] == data.featureCount, "input width must equal the feature count")
        precondition(layers.last! >= data.classCount, "output width must cover every class")
    }
}
