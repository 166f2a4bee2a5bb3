/// The name of the ensemble kernel this build computes with, for the `variant` label of `lyapsweep_info`: `default`,
/// the one kernel there is.
func kernelVariantName() -> String { "default" }
