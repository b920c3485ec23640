#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One synthetic person: a name, a style and the prototype action plan of their signature. Every genuine sample
/// and every forgery is derived from (seed, writer index, kind, sample index) alone, so samples can be made in
/// any order, on any thread, and come out the same.
public struct SyntheticWriter: Sendable {
    /// Position of the writer in its synthesizer.
    public let index: Int
    /// Stable identifier, `w` and five digits.
    public let id: String
    /// Given name.
    public let givenName: String
    /// Surname.
    public let surname: String
    /// The writer's parameters.
    public let style: WriterStyle
    let plan: ActionPlan
    let seed: UInt64

    init(seed: UInt64, index: Int) {
        self.seed = seed
        self.index = index
        var rng = SeededRandom(seed: seed, 1, UInt64(index))
        id = "w" + String(index).leftPadded(to: 5)
        givenName = rng.pick(NameLists.given)
        surname = rng.pick(NameLists.surnames)
        style = WriterStyle.random(&rng)
        plan = SignaturePlanner(style: style, given: givenName, surname: surname).prototype(&rng)
    }

    /// The printed form of the name ("Anna Smith").
    public var fullName: String { givenName + " " + surname }

    /// Initials as the writer would write them ("AS").
    public var initials: String { String([givenName.first, surname.first].compactMap { $0 }) }

    /// The plan → millimetres map of the writer's habit (size, slant, baseline), with this sample's deviations.
    func placement(scale: Double = 1, proportion: Double = 1, slant: Double = 0, rotation: Double = 0) -> Affine {
        Affine.rotate(style.baselineAngle + rotation)
            .after(.shear(style.slant + slant))
            .after(.scale(style.xHeight * scale * proportion, style.xHeight * scale))
    }

    /// The writer's own kinematics, with the sample-to-sample variation of a genuine signature.
    func genuineKinematics(_ rng: inout SeededRandom) -> Kinematics {
        let u = 1 - style.stability
        return Kinematics(sigma: style.sigma * (1 + rng.normal(0, 0.06)), sigmaJitter: 0.08 + 0.1 * u,
                          overlap: max(0.2, style.overlap * (1 + rng.normal(0, 0.06 + 0.08 * u))),
                          tempo: style.tempo * (1 + rng.normal(0, 0.06 + 0.1 * u)), unit: style.xHeight,
                          timingJitter: 0.04 + 0.08 * u,
                          pressure: min(1.2, style.pressure * (1 + rng.normal(0, 0.05 + 0.05 * u))),
                          pressureVariation: style.pressureVariation,
                          taperIn: rng.uniform(0.025, 0.06), taperOut: rng.uniform(0.03, 0.08),
                          flyingEnds: rng.uniform(0.03, 0.12), tremor: style.tremor, tremorFrequency: rng.uniform(8, 11))
    }

    /// Genuine sample `k` as a pen trajectory in millimetres (y up).
    func genuineTrajectory(_ k: Int) -> PenTrajectory {
        var rng = SeededRandom(seed: seed, 2, UInt64(index), UInt64(k))
        let u = 1 - style.stability
        var varied = plan
        PlanNoise.displace(&varied, smooth: 0.03 + 0.1 * u, iid: 0.015 + 0.045 * u, &rng)
        let map = placement(scale: 1 + rng.normal(0, 0.025 + 0.05 * u), proportion: 1 + rng.normal(0, 0.02 + 0.05 * u),
                            slant: rng.normal(0, 0.025 + 0.05 * u), rotation: rng.normal(0, 0.015 + 0.035 * u))
        let kinematics = genuineKinematics(&rng)
        return SigmaLognormal.trajectory(varied.mapped(map), kinematics, &rng)
    }

    /// The writer's pen and ink for a given sample stream (the same pen for most of their signatures); `own` is
    /// false for another pen on another day.
    func pen(_ rng: inout SeededRandom) -> (ink: InkDeposition, colour: InkColour, own: Bool) {
        var own = SeededRandom(seed: seed, 3, UInt64(index))
        let colour = style.blueInk ? InkColour.blue(&own) : InkColour.black(&own)
        if rng.chance(0.8) { return (InkDeposition(pen: style.pen, penWidth: style.penWidth), colour, true) }
        // Another pen on another day.
        let width = style.penWidth * rng.uniform(0.75, 1.3)
        return (InkDeposition(pen: style.pen, penWidth: width), rng.chance(0.5) ? InkColour.blue(&rng) : InkColour.black(&rng), false)
    }
}

/// Small perturbations of a plan's targets: a smooth displacement field plus independent jitter (x-height units).
enum PlanNoise {
    static func displace(_ plan: inout ActionPlan, smooth: Double, iid: Double, _ rng: inout SeededRandom) {
        let fx1 = rng.uniform(0.3, 1.2), fx2 = rng.uniform(0.8, 2.5), px1 = rng.uniform(0, 6.3), px2 = rng.uniform(0, 6.3)
        let fy1 = rng.uniform(0.3, 1.2), fy2 = rng.uniform(0.8, 2.5), py1 = rng.uniform(0, 6.3), py2 = rng.uniform(0, 6.3)
        let a = rng.normal(0, smooth), b = rng.normal(0, smooth * 0.6), c = rng.normal(0, smooth), d = rng.normal(0, smooth * 0.6)
        for ci in plan.components.indices {
            for ti in plan.components[ci].targets.indices {
                let p = plan.components[ci].targets[ti]
                let dx = a * sin(fx1 * p.x + px1) + b * sin(fx2 * p.x + 0.7 * p.y + px2) + rng.normal(0, iid)
                let dy = c * sin(fy1 * p.x + py1) + d * sin(fy2 * p.x - 0.5 * p.y + py2) + rng.normal(0, iid)
                plan.components[ci].targets[ti] = Point(p.x + dx, p.y + dy)
            }
        }
    }
}

extension String {
    func leftPadded(to length: Int, with pad: Character = "0") -> String {
        count >= length ? self : String(repeating: pad, count: length - count) + self
    }
}
