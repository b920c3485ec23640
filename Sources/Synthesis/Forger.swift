#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A skilled forger imitating one writer. The forger looks at a genuine signature (its visible path), plans
/// their own targets along it, and drives the pen with their own, more careful kinematics. `skill` (0…1) sets how
/// close the copy is: low skill means slower, more tremulous, more even and blunt strokes, more pen lifts and
/// hesitations, and larger errors of size, proportion, slant and letter shape.
struct Forger {
    var writer: SyntheticWriter
    var skill: Double

    /// Forgery `k` as a pen trajectory in millimetres (y up), and the fluency the copy was made with.
    func trajectory(_ k: Int, _ rng: inout SeededRandom) -> (trajectory: PenTrajectory, fluency: Double) {
        let style = writer.style
        let e = 1 - skill
        // The model the forger copies: one of a few genuine exemplars they obtained.
        let model = writer.genuineTrajectory(1_000_000 + rng.int(3))
        // How fluent the copy is: never more fluent than the forger is skilled.
        let fluency = rng.uniform(0, 1) * skill
        let xh = style.xHeight
        var components: [PlanComponent] = []
        let spacing = 0.45 + 0.75 * fluency
        for stroke in model.strokes {
            let targets = Self.targets(along: stroke, xHeight: xh, spacing: spacing, &rng)
            guard targets.count >= 2 else { continue }
            components.append(PlanComponent(targets: targets, roundness: 0.9, pauseBefore: rng.uniform(0.2, 0.6)))
        }
        var plan = ActionPlan(components: components)

        // Shape errors, in millimetres around the model's centre.
        let all = plan.allTargets
        let cx = all.map(\.x).reduce(0, +) / Double(max(1, all.count))
        let cy = all.map(\.y).reduce(0, +) / Double(max(1, all.count))
        let scale = 1 + rng.normal(0, 0.1 * e)
        let proportion = 1 + rng.normal(0, 0.1 * e)
        let shear = rng.normal(0, 0.12 * e + 0.02)
        let rotation = rng.normal(0, 0.04 * e + 0.01)
        let map = Affine.translate(cx, cy)
            .after(.rotate(rotation)).after(.shear(shear)).after(.scale(scale * proportion, scale))
            .after(.translate(-cx, -cy))
        plan = plan.mapped(map)
        var unitPlan = plan.mapped(.scale(1 / xh, 1 / xh))
        PlanNoise.displace(&unitPlan, smooth: 0.04 + 0.22 * e, iid: 0.015 + 0.06 * e, &rng)
        plan = unitPlan.mapped(.scale(xh, xh))

        // Pen lifts in unusual places and hesitations.
        let lifts = Int((Double(rng.int(3)) * (1 - fluency) * (0.5 + e)).rounded())
        for _ in 0..<lifts { Self.splitRandomComponent(&plan, &rng) }
        let hesitations = Int((rng.uniform(0, 4) * (1 - fluency)).rounded())
        for _ in 0..<hesitations {
            let c = rng.int(plan.components.count)
            let n = plan.components[c].targets.count - 1
            guard n > 1 else { continue }
            if plan.components[c].dwell.isEmpty { plan.components[c].dwell = Array(repeating: 0, count: n) }
            plan.components[c].dwell[rng.int(n)] += rng.uniform(0.08, 0.35)
        }

        let slow = 1 - fluency
        let kinematics = Kinematics(
            sigma: style.sigma + slow * rng.uniform(0.06, 0.16), sigmaJitter: 0.12 + 0.1 * slow,
            overlap: min(1.1, style.overlap + slow * rng.uniform(0.3, 0.6) + 0.05),
            tempo: style.tempo * (1.15 + slow * rng.uniform(1.2, 2.6)) * (0.55 + 0.45 / spacing.squareRoot()),
            unit: xh, timingJitter: 0.1 + 0.1 * slow,
            pressure: min(1.15, style.pressure * rng.uniform(0.85, 1.2)), pressureVariation: 0.04 + 0.1 * fluency,
            taperIn: 0.004 + 0.03 * fluency, taperOut: 0.004 + 0.04 * fluency, flyingEnds: 0.03 * fluency,
            tremor: slow * (0.02 + 0.07 * e) * rng.uniform(0.5, 1.2), tremorFrequency: rng.uniform(5, 9))
        var trajectory = SigmaLognormal.trajectory(plan, kinematics, &rng)

        // A touch-up: a short piece retraced, slightly off.
        if rng.chance(0.15 + 0.35 * e), let index = trajectory.strokes.indices.randomElement(&rng) {
            let stroke = trajectory.strokes[index]
            if stroke.count > 30 {
                let length = min(stroke.count - 1, rng.int(in: 12...30))
                let start = rng.int(stroke.count - length)
                let dx = rng.normal(0, 0.15), dy = rng.normal(0, 0.15)
                let piece = stroke[start..<(start + length)].map {
                    PenSample(x: $0.x + dx, y: $0.y + dy, speed: $0.speed * 0.6, pressure: $0.pressure)
                }
                trajectory.strokes.append(piece)
            }
        }
        return (trajectory, fluency)
    }

    /// Targets placed along a seen path: one whenever length (in x-heights) plus turning (in radians) since the
    /// last target passes `spacing`, so curves get more targets than straight runs.
    static func targets(along stroke: [PenSample], xHeight: Double, spacing: Double, _ rng: inout SeededRandom) -> [Point] {
        guard let first = stroke.first, let last = stroke.last else { return [] }
        var out = [Point(first.x, first.y)]
        var cost = 0.0
        var previousAngle: Double? = nil
        var threshold = spacing * rng.uniform(0.8, 1.2)
        for i in 1..<stroke.count {
            let dx = stroke[i].x - stroke[i - 1].x, dy = stroke[i].y - stroke[i - 1].y
            let ds = (dx * dx + dy * dy).squareRoot()
            guard ds > 1e-4 else { continue }
            let angle = atan2(dy, dx)
            if let pa = previousAngle { cost += abs(wrapAngle(angle - pa)) / 1.1 }
            previousAngle = angle
            cost += ds / xHeight
            if cost >= threshold {
                out.append(Point(stroke[i].x, stroke[i].y))
                cost = 0
                threshold = spacing * rng.uniform(0.8, 1.2)
            }
        }
        if let tail = out.last, (Point(last.x, last.y) - tail).length > 0.05 * xHeight {
            out.append(Point(last.x, last.y))
        }
        return out
    }

    /// Splits one component with at least four targets into two at a random inner target (a pen lift).
    static func splitRandomComponent(_ plan: inout ActionPlan, _ rng: inout SeededRandom) {
        let candidates = plan.components.indices.filter { plan.components[$0].targets.count >= 4 }
        guard !candidates.isEmpty else { return }
        let c = rng.pick(candidates)
        let component = plan.components[c]
        let at = rng.int(in: 1...(component.targets.count - 3)) + 1
        var head = component, tail = component
        head.targets = Array(component.targets[0...at])
        head.sweeps = Array(component.sweeps[0..<at])
        head.dwell = component.dwell.isEmpty ? [] : Array(component.dwell[0..<at])
        let restart = Point(rng.normal(0, 0.12), rng.normal(0, 0.12))
        tail.targets = [component.targets[at] + restart] + Array(component.targets[(at + 1)...])
        tail.sweeps = Array(component.sweeps[at...])
        tail.dwell = component.dwell.isEmpty ? [] : Array(component.dwell[at...])
        tail.pauseBefore = rng.uniform(0.2, 0.8)
        plan.components.replaceSubrange(c...c, with: [head, tail])
    }
}

extension Range where Bound == Int {
    /// A random index of the range, or nil when empty.
    func randomElement(_ rng: inout SeededRandom) -> Int? {
        isEmpty ? nil : lowerBound + rng.int(count)
    }
}
