/// The buffers of one lockstep run and its step, as every compiled variant of the kernel provides them
/// (`DynamicsKernelAVX512`, `DynamicsKernelAVX2`, `DynamicsKernelPortable`: the same source compiled for
/// different instruction sets and lane widths).
///
/// Trajectory t lives in lane t of the workspace; ``laneCount`` rounds the trajectory count up to whole
/// blocks of the variant's lane width, and the padding lanes compute like the others but are never read.
/// A step's result is the same bits in every variant.
public protocol LockstepWorkspace: AnyObject {
    /// Trajectories rounded up to whole blocks of lanes: the length of a step's `health` and `distance` rows.
    var laneCount: Int { get }

    /// Sets trajectory `index` (0 ≤ index < ``laneCount``) to the flat parameter vector `values`.
    func load(_ values: [Double], into index: Int)

    /// The flat parameter vector of trajectory `index`.
    func parameters(of index: Int) -> [Double]

    /// Makes the following steps use the training samples `indices` (distinct, ascending, 1…N of them).
    func setBatch(_ indices: [Int])

    /// One gradient-descent step W ← W − η ∇L_B(W) of every trajectory on the current batch.
    ///
    /// Writes for every lane, before the update, its loss plus Σ_j (w_j − w_j) into `health` (finite exactly
    /// when the loss and every parameter are finite, and then equal to the loss) and its distance to
    /// trajectory 0 under `norm` into `distance`; both hold ``laneCount`` values, 64-byte aligned.
    func step(learningRate: Double, norm: KernelNorm, health: UnsafeMutablePointer<Double>,
              distance: UnsafeMutablePointer<Double>)
}
