/// One pen-down movement of an action plan: the virtual targets the pen aims at and the sweep (arc angle, in
/// radians) of each lognormal stroke between consecutive targets.
struct PlanComponent: Sendable {
    /// Virtual targets, in x-height units (y up) in a plan, in millimetres once placed.
    var targets: [Point]
    /// Sweep angle of stroke i (from targets[i] to targets[i+1]); `targets.count - 1` entries.
    var sweeps: [Double]
    /// Pause before this component starts (pen up), in seconds.
    var pauseBefore: Double
    /// Seconds of dwell added before stroke i (a hesitation); empty when none.
    var dwell: [Double] = []

    /// A component whose sweeps follow the turns of its polyline, scaled by `roundness`.
    init(targets: [Point], roundness: Double, pauseBefore: Double = 0.12) {
        self.targets = targets
        self.pauseBefore = pauseBefore
        self.sweeps = PlanComponent.sweeps(for: targets, roundness: roundness)
    }

    /// Sweeps derived from the turning of the polyline at both ends of each chord.
    static func sweeps(for targets: [Point], roundness: Double) -> [Double] {
        let n = targets.count
        guard n >= 2 else { return [] }
        var chordAngles: [Double] = []
        for i in 0..<(n - 1) { chordAngles.append((targets[i + 1] - targets[i]).angle) }
        var sweeps: [Double] = []
        for i in 0..<(n - 1) {
            let before = i > 0 ? wrapAngle(chordAngles[i] - chordAngles[i - 1]) : 0
            let after = i + 1 < n - 1 ? wrapAngle(chordAngles[i + 1] - chordAngles[i]) : 0
            sweeps.append(max(-2.2, min(2.2, roundness * (before + after) * 0.5)))
        }
        return sweeps
    }

    /// Maps every target through `map` (sweeps keep their sign when the map keeps orientation).
    func mapped(_ map: Affine) -> PlanComponent {
        var copy = self
        copy.targets = targets.map(map.apply)
        return copy
    }
}

/// A whole signature's plan: its pen-down components in writing order.
struct ActionPlan: Sendable {
    /// Components in writing order.
    var components: [PlanComponent]

    /// Every target of every component.
    var allTargets: [Point] { components.flatMap(\.targets) }

    /// Maps every component.
    func mapped(_ map: Affine) -> ActionPlan { ActionPlan(components: components.map { $0.mapped(map) }) }
}

/// Wraps an angle into (−π, π].
func wrapAngle(_ a: Double) -> Double {
    var x = a
    while x > .pi { x -= 2 * .pi }
    while x <= -.pi { x += 2 * .pi }
    return x
}
