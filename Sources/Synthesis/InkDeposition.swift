/// How a pen lays ink: line width and darkness from pressure and speed. A ballpoint thins and lightens a good
/// deal when fast; gel and felt pens much less. Speeds are compared with a fixed physical reference, so a slow,
/// careful hand draws a thicker, darker, more even line than a fluent one.
struct InkDeposition: Sendable {
    var pen: PenKind
    /// Nominal tip width in millimetres.
    var penWidth: Double
    /// Grain strength 0…1 for the paper-fibre skips.
    var grain: Double

    /// Reference pen speed in mm/s.
    static let referenceSpeed = 60.0

    init(pen: PenKind, penWidth: Double) {
        self.pen = pen
        self.penWidth = penWidth
        switch pen {
        case .ballpoint: grain = 0.45
        case .gel: grain = 0.2
        case .felt: grain = 0.3
        }
    }

    private var speedSensitivity: Double {
        switch pen {
        case .ballpoint: return 0.18
        case .gel: return 0.12
        case .felt: return 0.08
        }
    }

    /// Line width in millimetres.
    @inline(__always)
    func width(pressure: Double, speed: Double) -> Double {
        let v = speed / Self.referenceSpeed
        let s = speedSensitivity
        return penWidth * (0.5 + 0.55 * min(1.3, pressure)) * (1 + s) / (1 + s * v)
    }

    /// Opacity 0…1.
    @inline(__always)
    func opacity(pressure: Double, speed: Double) -> Double {
        let v = speed / Self.referenceSpeed
        let base: Double
        switch pen {
        case .ballpoint: base = (0.72 + 0.28 * min(1, pressure)) * 1.15 / (1 + 0.06 * v)
        case .gel: base = 0.9 + 0.1 * min(1, pressure)
        case .felt: base = 0.85 + 0.1 * min(1, pressure)
        }
        return min(1, max(0.7, base))
    }
}

/// Draws a pen trajectory into coverage layers: each pen-down into `scratch` as overlapping tapered capsules,
/// then folded into `ink` with paper grain, so that crossings of separate strokes darken and a single line does not.
enum TrajectoryRenderer {
    /// Renders `trajectory` (millimetres, y up) mapped to pixels by `toPixels`.
    static func render(_ trajectory: PenTrajectory, toPixels: Affine, ink: InkDeposition,
                       into layer: CoverageLayer, scratch: CoverageLayer, seed: UInt64) {
        let pixelsPerMM = toPixels.meanScale
        for (index, stroke) in trajectory.strokes.enumerated() {
            guard let first = stroke.first else { continue }
            var prev = toPixels.apply(Point(first.x, first.y))
            var prevR = 0.5 * ink.width(pressure: first.pressure, speed: first.speed) * pixelsPerMM
            var prevO = ink.opacity(pressure: first.pressure, speed: first.speed)
            if stroke.count == 1 {
                scratch.capsule(prev.x, prev.y, prevR, prevO, prev.x, prev.y, prevR, prevO)
            }
            let last = stroke.count - 1
            for (i, sample) in stroke.enumerated().dropFirst() {
                let p = toPixels.apply(Point(sample.x, sample.y))
                let r = 0.5 * ink.width(pressure: sample.pressure, speed: sample.speed) * pixelsPerMM
                let o = ink.opacity(pressure: sample.pressure, speed: sample.speed)
                // Skip samples closer than ~0.7 px whose width barely changed: they add nothing but time.
                let dx = p.x - prev.x, dy = p.y - prev.y
                if i < last && dx * dx + dy * dy < 0.5 && abs(r - prevR) < 0.15 && abs(o - prevO) < 0.05 { continue }
                scratch.capsule(prev.x, prev.y, max(0.35, prevR), prevO, p.x, p.y, max(0.35, r), o)
                prev = p; prevR = r; prevO = o
            }
            layer.absorb(scratch, grain: ink.grain, seed: seed &+ UInt64(index))
        }
    }

    /// The pixel-space bounds of a trajectory under `toPixels` (sample centres only).
    static func bounds(_ trajectory: PenTrajectory, toPixels: Affine) -> (minX: Double, minY: Double, maxX: Double, maxY: Double) {
        var b = (minX: Double.infinity, minY: Double.infinity, maxX: -Double.infinity, maxY: -Double.infinity)
        for stroke in trajectory.strokes {
            for s in stroke {
                let p = toPixels.apply(Point(s.x, s.y))
                b.minX = min(b.minX, p.x); b.maxX = max(b.maxX, p.x)
                b.minY = min(b.minY, p.y); b.maxY = max(b.maxY, p.y)
            }
        }
        return b
    }
}
