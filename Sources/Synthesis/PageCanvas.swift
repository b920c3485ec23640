/// An RGB page being made: paper first, then ink layers composited onto it, then scanner effects, then read out
/// as grey, colour or bilevel samples.
///
/// Not `Sendable`: owned by one rendering task.
final class PageCanvas {
    let width: Int
    let height: Int
    /// Interleaved RGB, row-major.
    let rgb: UnsafeMutablePointer<UInt8>

    /// A sheet of paper: base colour with a slow mottle and fine fibre noise.
    init(width: Int, height: Int, paper: PaperStyle, seed: UInt64) {
        self.width = width
        self.height = height
        rgb = .allocate(capacity: max(1, width * height * 3))
        let cell = 48
        let gw = width / cell + 2, gh = height / cell + 2
        var grid = [Float](repeating: 0, count: gw * gh)
        for i in grid.indices { grid[i] = Float(PixelNoise.uniform(i, -1, seed) * 2 - 1) }
        let mottle = Float(paper.mottle), fibre = Float(paper.fibre)
        let base = (Float(paper.r), Float(paper.g), Float(paper.b))
        grid.withUnsafeBufferPointer { g in
            let slowFixed = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, width))
            defer { slowFixed.deallocate() }
            let fibreScale = Int32((fibre * 16).rounded())  // (hash − 128)·fibre = ±fibre/2 grey levels in 1/256 units
            let base0 = Int32(base.0 * 256), base1 = Int32(base.1 * 256), base2 = Int32(base.2 * 256)
            for y in 0..<height {
                let gy = Float(y) / Float(cell)
                let iy = Int(gy), fy = gy - Float(iy)
                for x in 0..<width {
                    let gx = Float(x) / Float(cell)
                    let ix = Int(gx), fx = gx - Float(ix)
                    let a = g[iy * gw + ix], b = g[iy * gw + ix + 1], c = g[(iy + 1) * gw + ix], d = g[(iy + 1) * gw + ix + 1]
                    slowFixed[x] = Int32(((a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy) * mottle * 256)
                }
                let row = rgb + y * width * 3
                for x in 0..<width {
                    // Fibre noise from 8 hash bits, in 1/256 grey levels, on top of the slow mottle.
                    let fine = ((Int32(truncatingIfNeeded: PixelNoise.bits(x, y, seed ^ 0xF1B3E) >> 56) &- 128) &* fibreScale) &>> 4
                    let v = slowFixed[x] &+ fine
                    row[x * 3] = UInt8(truncatingIfNeeded: min(255 * 256, max(0, base0 &+ v)) &>> 8)
                    row[x * 3 + 1] = UInt8(truncatingIfNeeded: min(255 * 256, max(0, base1 &+ v)) &>> 8)
                    row[x * 3 + 2] = UInt8(truncatingIfNeeded: min(255 * 256, max(0, base2 &+ v &+ v / 10)) &>> 8)
                }
            }
        }
    }

    deinit { rgb.deallocate() }

    /// Puts ink of `colour` onto the page where `layer` has coverage: value moves from paper towards the ink
    /// colour in proportion to coverage.
    func composite(_ layer: CoverageLayer, colour: InkColour) {
        let box = layer.dirty
        guard !box.isEmpty else { return }
        let ink = (Float(colour.r), Float(colour.g), Float(colour.b))
        for y in box.y..<(box.y + box.height) {
            let src = layer.data + y * width
            let row = rgb + y * width * 3
            for x in box.x..<(box.x + box.width) {
                let c = src[x]
                if c <= 0 { continue }
                let p = row + x * 3
                p[0] = clampByte(Float(p[0]) - c * (Float(p[0]) - ink.0))
                p[1] = clampByte(Float(p[1]) - c * (Float(p[1]) - ink.1))
                p[2] = clampByte(Float(p[2]) - c * (Float(p[2]) - ink.2))
            }
        }
    }

    /// Scanner optics and sensor: a separable blur ([w, 1−2w, w], applied `blurPasses` times), additive noise,
    /// then the driver's levels. Integer arithmetic on rows walked in order: a convex blur cannot leave 0…255, so
    /// it needs no clamping, and the loops vectorise.
    func scan(_ effects: ScanEffects, seed: UInt64) {
        let w = Int32((effects.blur * 256).rounded()), centre = 256 - 2 * w
        let rowLength = width * 3
        if w > 0 && width > 2 && height > 2 {
            let previous = UnsafeMutablePointer<Int32>.allocate(capacity: rowLength)
            let current = UnsafeMutablePointer<Int32>.allocate(capacity: rowLength)
            defer { previous.deallocate(); current.deallocate() }
            for _ in 0..<effects.blurPasses {
                // Horizontal (neighbours are 3 bytes apart; the edge pixels repeat themselves).
                for y in 0..<height {
                    let row = rgb + y * rowLength
                    for i in 0..<rowLength { current[i] = Int32(row[i]) }
                    for i in 0..<3 { row[i] = UInt8(truncatingIfNeeded: (current[i] &* (centre + w) &+ current[i + 3] &* w &+ 128) &>> 8) }
                    for i in 3..<(rowLength - 3) {
                        row[i] = UInt8(truncatingIfNeeded: (current[i] &* centre &+ (current[i - 3] &+ current[i + 3]) &* w &+ 128) &>> 8)
                    }
                    for i in (rowLength - 3)..<rowLength {
                        row[i] = UInt8(truncatingIfNeeded: (current[i] &* (centre + w) &+ current[i - 3] &* w &+ 128) &>> 8)
                    }
                }
                // Vertical: `previous` holds the original of row y − 1, `current` of row y.
                for i in 0..<rowLength { previous[i] = Int32(rgb[i]) }
                for y in 0..<height {
                    let row = rgb + y * rowLength
                    for i in 0..<rowLength { current[i] = Int32(row[i]) }
                    let below = y + 1 < height ? rgb + (y + 1) * rowLength : row
                    for i in 0..<rowLength {
                        row[i] = UInt8(truncatingIfNeeded: (current[i] &* centre &+ (previous[i] &+ Int32(below[i])) &* w &+ 128) &>> 8)
                    }
                    (previous).update(from: current, count: rowLength)
                }
            }
        }
        // Noise and levels in one pass through a table per noise value: out = levels(clamp(v + n)).
        var table = [UInt8](repeating: 0, count: 256)
        let span = max(1, effects.whitePoint - effects.blackPoint)
        for v in 0..<256 { table[v] = clampByte(Float((Double(v) - effects.blackPoint) / span * 255)) }
        let scale = Int32((effects.noise * 2.45 * 256).rounded())
        table.withUnsafeBufferPointer { t in
            for y in 0..<height {
                let row = rgb + y * rowLength
                for x in 0..<width {
                    // Sum of two uniforms (the halves of one hash): a cheap bell-shaped deviate, shared by the
                    // channels (sensor luminance noise), in 1/256 grey levels.
                    let h = PixelNoise.bits(x, y, seed)
                    let u = Int32(truncatingIfNeeded: (h & 0xFFFF) &+ ((h >> 32) & 0xFFFF)) &- 65536  // −65536 … 65534
                    let n = (u &* (scale >> 4)) &>> 12  // ≈ u/65536 · scale/256 · 256
                    let p = row + x * 3
                    for c in 0..<3 {
                        let v = min(255, max(0, Int32(p[c]) &+ ((n &+ 128) &>> 8)))
                        p[c] = t[Int(v)]
                    }
                }
            }
        }
    }

    /// Luminance (Rec. 601 weights), 0 = black.
    func gray() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: width * height) { buf, count in
            for i in 0..<(width * height) {
                let p = rgb + i * 3
                let sum: Int = 299 * Int(p[0]) + 587 * Int(p[1]) + 114 * Int(p[2])
                buf[i] = UInt8((sum + 500) / 1000)
            }
            count = width * height
        }
    }

    /// A copy of the colour samples.
    func colour() -> [UInt8] { Array(UnsafeBufferPointer(start: rgb, count: width * height * 3)) }
}

/// Paper colour and texture.
struct PaperStyle: Sendable {
    var r: Double, g: Double, b: Double
    /// Amplitude of the slow mottle, in grey levels.
    var mottle: Double
    /// Amplitude of the fine fibre noise, in grey levels.
    var fibre: Double

    static func random(_ rng: inout SeededRandom) -> PaperStyle {
        let white = rng.uniform(232, 252)
        let warm = rng.uniform(-2, 6)
        return PaperStyle(r: min(255, white + warm * 0.5), g: white, b: white - warm, mottle: rng.uniform(0.5, 4), fibre: rng.uniform(1, 4))
    }
}

/// An ink colour in RGB.
public struct InkColour: Sendable, Equatable {
    /// Red.
    public var r: Double
    /// Green.
    public var g: Double
    /// Blue.
    public var b: Double
    /// Creates a colour.
    public init(r: Double, g: Double, b: Double) { self.r = r; self.g = g; self.b = b }

    /// A ballpoint or gel black (never quite 0).
    static func black(_ rng: inout SeededRandom) -> InkColour {
        let v = rng.uniform(18, 48)
        return InkColour(r: v, g: v, b: v + rng.uniform(0, 8))
    }

    /// A blue ballpoint or gel.
    static func blue(_ rng: inout SeededRandom) -> InkColour {
        InkColour(r: rng.uniform(15, 45), g: rng.uniform(30, 70), b: rng.uniform(110, 170))
    }

    /// Printer toner.
    static let toner = InkColour(r: 22, g: 22, b: 24)
}

/// What the scanner does to the page.
struct ScanEffects: Sendable {
    /// Side weight of the [w, 1−2w, w] blur kernel (0 = sharp).
    var blur: Double
    /// Passes of the blur kernel.
    var blurPasses: Int
    /// Sensor noise standard deviation in grey levels.
    var noise: Double
    /// Levels applied by the scanner software: input grey mapped to 255 (paper made white) …
    var whitePoint: Double = 255
    /// … and input grey mapped to 0.
    var blackPoint: Double = 0

    static func random(_ rng: inout SeededRandom, dpi: Double) -> ScanEffects {
        var effects = ScanEffects(blur: rng.uniform(0.08, 0.25) * min(1, dpi / 300 + 0.2), blurPasses: dpi >= 250 ? rng.int(in: 1...2) : 1,
                                  noise: rng.uniform(0.6, 2.5))
        // Most scanner drivers stretch levels so that paper comes out white and ink close to black.
        if rng.chance(0.8) {
            effects.whitePoint = rng.uniform(200, 235)
            effects.blackPoint = rng.uniform(30, 75)
        }
        return effects
    }
}

@inline(__always)
func clampByte(_ v: Float) -> UInt8 {
    v <= 0 ? 0 : (v >= 255 ? 255 : UInt8(v + 0.5))
}
