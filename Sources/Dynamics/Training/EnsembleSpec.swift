/// What one ensemble task trains: an IC's reference and M perturbed copies per ε (docs/METHOD.md §2).
public struct EnsembleSpec: Hashable, Sendable, Codable {
    /// The perturbation sizes ε, in sweep order (the ε index of a stream is the position here).
    public var epsilons: [Double]
    /// Perturbed copies per ε (M).
    public var members: Int
    /// Gradient-descent steps recorded after the perturbation (T); curves have T + 1 points.
    public var steps: Int
    /// Steps the reference trains before it is perturbed (t₀, "post-learning" when > 0).
    public var perturbAt: Int
    /// Perturb biases too (default: weights only, as in the source study).
    public var perturbBiases: Bool
    /// The distance between a copy and the reference.
    public var distance: DistanceNorm
    /// Keep every member's own distance curve in the result, not only the mean.
    public var keepMemberCurves: Bool
    /// Samples per mini-batch of stochastic gradient descent, or nil for full-batch descent (the
    /// default); a size of at least the training-set size is full-batch descent too. The batches are
    /// those of ``BatchSchedule``, shared by the reference and its copies; the recorded loss of a step is
    /// then the loss of that step's batch.
    public var batchSize: Int?
    /// The update rule of the training map (default: plain gradient descent). Its state starts identical for
    /// the reference and its copies: only weights are perturbed.
    public var optimizer: Optimizer

    /// Creates a spec; see the properties for meanings.
    public init(
        epsilons: [Double], members: Int = 5, steps: Int = 200, perturbAt: Int = 0,
        perturbBiases: Bool = false, distance: DistanceNorm = .l1, keepMemberCurves: Bool = false,
        batchSize: Int? = nil, optimizer: Optimizer = .gd
    ) {
        self.epsilons = epsilons
        self.members = members
        self.steps = steps
        self.perturbAt = perturbAt
        self.perturbBiases = perturbBiases
        self.distance = distance
        self.keepMemberCurves = keepMemberCurves
        self.batchSize = batchSize
        self.optimizer = optimizer
    }

    /// Trajectories trained by one task: the reference plus M per ε.
    public var trajectoryCount: Int { 1 + members * epsilons.count }
}
