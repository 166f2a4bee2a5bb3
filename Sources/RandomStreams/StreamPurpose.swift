/// What a ``RandomStream`` is used for; each purpose has its own family of streams.
public enum StreamPurpose: UInt64, Sendable {
    /// The shuffle that splits a dataset into training and test samples: (split seed).
    case dataSplit = 1
    /// The weights of initial condition k: (sweep seed, k).
    case initialCondition = 2
    /// The perturbation δ of one ensemble member: (sweep seed, k, ε index, member index).
    case perturbation = 3
    /// The mini-batch order of initial condition k, shared by its reference and copies: (sweep seed, k).
    case batchOrder = 4
    /// The bootstrap resamples of one (η, ε) cell: (sweep seed, η index, ε index).
    case bootstrap = 5
    /// The shuffled surrogates of a diagnostic's series significance test:
    /// (sweep seed, k, test number, surrogate index).
    case surrogate = 6
    /// The subset of an IDX dataset's samples a sweep keeps (`data.subset`): (split seed).
    case dataSubset = 7
}
