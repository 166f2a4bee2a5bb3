/// ‖a − b‖₂ / ‖b‖₂.
func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    var difference = 0.0, scale = 0.0
    for j in a.indices {
        difference += (a[j] - b[j]) * (a[j] - b[j])
        scale += b[j] * b[j]
    }
    return (difference / scale).squareRoot()
}
