#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One sample of the pen: position in millimetres (y up), speed in mm/s, pressure 0…1.
struct PenSample: Sendable {
    var x: Double
    var y: Double
    var speed: Double
    var pressure: Double
}

/// The pen path of one signature: one sample list per pen-down.
struct PenTrajectory: Sendable {
    /// Pen-down paths in writing order.
    var strokes: [[PenSample]]

    /// Applies an affine map to every sample (speeds scale with it).
    func mapped(_ map: Affine) -> PenTrajectory {
        let s = map.meanScale
        return PenTrajectory(strokes: strokes.map { $0.map { p in
            let q = map.apply(Point(p.x, p.y))
            return PenSample(x: q.x, y: q.y, speed: p.speed * s, pressure: p.pressure)
        } })
    }
}

/// How the pen is driven through a plan: the lognormal parameters and the motor habits that shape speed,
/// pressure and the ends of strokes.
struct Kinematics: Sendable {
    /// Mean log-response time σ.
    var sigma: Double
    /// Relative spread of σ from stroke to stroke.
    var sigmaJitter: Double
    /// Onset spacing as a fraction of the previous stroke's span (small = fluent).
    var overlap: Double
    /// Seconds for a stroke one x-height long.
    var tempo: Double
    /// Millimetres per x-height (stroke duration grows with the square root of length in x-heights).
    var unit: Double
    /// Relative timing noise per stroke.
    var timingJitter: Double
    /// Habitual pressure 0…1.
    var pressure: Double
    /// Slow pressure variation along the line.
    var pressureVariation: Double
    /// Seconds over which pressure builds up at a pen-down (long = tapered, short = blunt).
    var taperIn: Double
    /// Seconds over which pressure falls at a pen-up.
    var taperOut: Double
    /// Part of the first and last stroke cut off as the pen lands or leaves while moving (flying start and end).
    var flyingEnds: Double
    /// Tremor amplitude in millimetres.
    var tremor: Double
    /// Tremor frequency in hertz.
    var tremorFrequency: Double
    /// Sampling rate in hertz.
    var sampleRate: Double = 400
}

/// Turns an action plan into a pen trajectory with Plamondon's sigma-lognormal model: every stroke i has speed
/// Dᵢ/(σᵢ√(2π)(t−t0ᵢ))·exp(−(ln(t−t0ᵢ)−μᵢ)²/(2σᵢ²)) and a direction sweeping from θsᵢ to θeᵢ with the lognormal's
/// CDF; the path is the vector sum of the overlapping strokes (REFERENCES.md).
enum SigmaLognormal {
    private struct Stroke {
        var distance: Double, sweep: Double, startAngle: Double, chordAngle: Double
        var t0: Double, mu: Double, sigma: Double
        var begin: Double, end: Double, onset: Double
    }

    /// Samples the trajectory of `plan` (targets in millimetres, y up).
    static func trajectory(_ plan: ActionPlan, _ k: Kinematics, _ rng: inout SeededRandom) -> PenTrajectory {
        var out: [[PenSample]] = []
        for component in plan.components where component.targets.count >= 2 {
            let samples = sampleComponent(component, k, &rng)
            if samples.count >= 2 { out.append(samples) }
        }
        return PenTrajectory(strokes: out)
    }

    private static func sampleComponent(_ c: PlanComponent, _ k: Kinematics, _ rng: inout SeededRandom) -> [PenSample] {
        var strokes: [Stroke] = []
        var onset = 0.0
        for i in 0..<(c.targets.count - 1) {
            let chord = c.targets[i + 1] - c.targets[i]
            let length = chord.length
            if length < 1e-6 { continue }
            let sweep = i < c.sweeps.count ? c.sweeps[i] : 0
            let distance = abs(sweep) < 1e-4 ? length : length * (sweep / 2) / sin(sweep / 2)
            let duration = k.tempo * (0.45 + 0.55 * (length / k.unit).squareRoot()) * max(0.5, 1 + rng.normal(0, k.timingJitter))
            let sigma = min(0.6, max(0.1, k.sigma * (1 + rng.normal(0, k.sigmaJitter))))
            let mu = log(duration * 0.55)
            if i < c.dwell.count { onset += c.dwell[i] }
            let lead = exp(mu - 2.5 * sigma)
            let t0 = onset - lead
            strokes.append(Stroke(distance: distance, sweep: sweep, startAngle: chord.angle - sweep / 2, chordAngle: chord.angle,
                                  t0: t0, mu: mu, sigma: sigma,
                                  begin: t0 + exp(mu - 4 * sigma), end: t0 + exp(mu + 4 * sigma), onset: onset))
            let span = exp(mu + 2.5 * sigma) - lead
            onset += k.overlap * span * max(0.3, 1 + rng.normal(0, k.timingJitter))
        }
        guard !strokes.isEmpty else { return [] }
        let end = strokes.map(\.end).max() ?? 0
        let start = strokes.map(\.begin).min() ?? 0
        let dt = 1 / k.sampleRate
        let count = max(2, Int(((end - start) / dt).rounded(.up)) + 1)
        let origin = c.targets[0]
        // Slow pressure wave and tremor phases for this pen-down.
        let pf1 = rng.uniform(0.4, 1.6), pf2 = rng.uniform(1.5, 3.5), pp1 = rng.uniform(0, 6.3), pp2 = rng.uniform(0, 6.3)
        let tx1 = rng.uniform(0, 6.3), tx2 = rng.uniform(0, 6.3), ty1 = rng.uniform(0, 6.3), ty2 = rng.uniform(0, 6.3)
        let tf = k.tremorFrequency, tf2 = k.tremorFrequency * rng.uniform(1.4, 2.1)

        var samples: [PenSample] = []
        samples.reserveCapacity(count)
        var base = origin
        var firstOpen = 0
        for n in 0..<count {
            let t = start + Double(n) * dt
            while firstOpen < strokes.count && t >= strokes[firstOpen].end {
                base = base + chordVector(strokes[firstOpen])
                firstOpen += 1
            }
            var px = base.x, py = base.y, vx = 0.0, vy = 0.0
            var i = firstOpen
            while i < strokes.count {
                let s = strokes[i]
                i += 1
                if s.onset - 1.0 > t { break }  // onsets only grow: no later stroke has begun
                if t >= s.end {
                    let v = chordVector(s)
                    px += v.x; py += v.y
                    continue
                }
                guard t > s.begin else { continue }
                let z = (log(t - s.t0) - s.mu) / s.sigma
                let fraction = 0.5 * (1 + erf(z * 0.7071067811865476))
                let density = exp(-0.5 * z * z) / (s.sigma * 2.5066282746310002 * (t - s.t0))
                let phi = s.startAngle + s.sweep * fraction
                if abs(s.sweep) < 1e-4 {
                    let arc = s.distance * fraction
                    px += arc * cos(s.chordAngle); py += arc * sin(s.chordAngle)
                } else {
                    let r = s.distance / s.sweep
                    px += r * (sin(phi) - sin(s.startAngle)); py += r * (cos(s.startAngle) - cos(phi))
                }
                let speed = s.distance * density
                vx += speed * cos(phi); vy += speed * sin(phi)
            }
            let wave = 1 + k.pressureVariation * (0.6 * sin(2 * .pi * pf1 * t + pp1) + 0.4 * sin(2 * .pi * pf2 * t + pp2))
            var x = px, y = py
            if k.tremor > 0 {
                x += k.tremor * (sin(2 * .pi * tf * t + tx1) + 0.5 * sin(2 * .pi * tf2 * t + tx2))
                y += k.tremor * (sin(2 * .pi * tf * t + ty1) + 0.5 * sin(2 * .pi * tf2 * t + ty2))
            }
            samples.append(PenSample(x: x, y: y, speed: (vx * vx + vy * vy).squareRoot(), pressure: k.pressure * wave))
        }
        return shapeEnds(samples, k, dt: dt)
    }

    /// The displacement of a finished stroke: its chord.
    private static func chordVector(_ s: Stroke) -> Point {
        let length = abs(s.sweep) < 1e-4 ? s.distance : s.distance * sin(s.sweep / 2) / (s.sweep / 2)
        return Point(cos(s.chordAngle), sin(s.chordAngle)) * length
    }

    /// Cuts flying starts and ends (the pen lands and leaves while moving) and applies the pressure taper.
    private static func shapeEnds(_ samples: [PenSample], _ k: Kinematics, dt: Double) -> [PenSample] {
        guard samples.count > 4 else { return samples }
        var lo = 0, hi = samples.count - 1
        if k.flyingEnds > 0 {
            let peak = samples.map(\.speed).max() ?? 0
            let threshold = peak * k.flyingEnds
            while lo < hi - 2 && samples[lo].speed < threshold { lo += 1 }
            while hi > lo + 2 && samples[hi].speed < threshold { hi -= 1 }
        } else {
            // Slow pens still stop: drop the motionless tail of the lognormal (it only piles up ink).
            while lo < hi - 2 && samples[lo].speed < 0.5 { lo += 1 }
            while hi > lo + 2 && samples[hi].speed < 0.5 { hi -= 1 }
        }
        var out = Array(samples[lo...hi])
        let n = out.count
        for j in 0..<n {
            let tIn = Double(j) * dt, tOut = Double(n - 1 - j) * dt
            let a = k.taperIn > 0 ? min(1, tIn / k.taperIn) : 1
            let b = k.taperOut > 0 ? min(1, tOut / k.taperOut) : 1
            out[j].pressure *= (0.25 + 0.75 * a.squareRoot()) * (0.25 + 0.75 * b.squareRoot())
        }
        return out
    }
}
