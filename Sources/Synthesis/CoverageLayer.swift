import Imaging

/// A page-sized plane of ink coverage (0 = none, 1 = full) that marks are drawn into with anti-aliasing, and
/// that remembers the box it has touched so that clearing and compositing cost only that box.
///
/// Not `Sendable`: owned by one rendering task.
final class CoverageLayer {
    let width: Int
    let height: Int
    let data: UnsafeMutablePointer<Float>
    /// Touched region (inclusive-exclusive), empty when `x1 <= x0`.
    private(set) var x0 = Int.max, y0 = Int.max, x1 = Int.min, y1 = Int.min

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        data = .allocate(capacity: max(1, width * height))
        data.initialize(repeating: 0, count: max(1, width * height))
    }

    deinit { data.deallocate() }

    /// The touched box, clipped to the layer (empty when nothing was drawn).
    var dirty: PixelBox {
        guard x1 > x0, y1 > y0 else { return PixelBox(x: 0, y: 0, width: 0, height: 0) }
        return PixelBox(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// Sets the touched box back to zero.
    func clear() {
        let box = dirty
        guard !box.isEmpty else { return }
        for y in box.y..<(box.y + box.height) {
            (data + y * width + box.x).update(repeating: 0, count: box.width)
        }
        x0 = .max; y0 = .max; x1 = .min; y1 = .min
    }

    private func touch(_ ax: Int, _ ay: Int, _ bx: Int, _ by: Int) {
        x0 = min(x0, ax); y0 = min(y0, ay); x1 = max(x1, bx); y1 = max(y1, by)
    }

    /// Draws a tapered capsule from (ax, ay) radius ra, opacity oa to (bx, by) radius rb, opacity ob, keeping the
    /// maximum coverage per pixel (a continuous line never darkens itself where its pieces overlap).
    func capsule(_ ax: Double, _ ay: Double, _ ra: Double, _ oa: Double,
                 _ bx: Double, _ by: Double, _ rb: Double, _ ob: Double) {
        let reach = max(ra, rb) + 1.0
        let minX = max(0, Int((min(ax, bx) - reach).rounded(.down)))
        let maxX = min(width - 1, Int((max(ax, bx) + reach).rounded(.up)))
        let minY = max(0, Int((min(ay, by) - reach).rounded(.down)))
        let maxY = min(height - 1, Int((max(ay, by) + reach).rounded(.up)))
        guard minX <= maxX, minY <= maxY else { return }
        touch(minX, minY, maxX + 1, maxY + 1)
        let dx = bx - ax, dy = by - ay
        let lengthSquared = dx * dx + dy * dy
        let inverse = lengthSquared > 1e-12 ? 1 / lengthSquared : 0
        for y in minY...maxY {
            let py = Double(y) + 0.5 - ay
            let row = data + y * width
            for x in minX...maxX {
                let px = Double(x) + 0.5 - ax
                var t = (px * dx + py * dy) * inverse
                t = t < 0 ? 0 : (t > 1 ? 1 : t)
                let ex = px - t * dx, ey = py - t * dy
                let d2 = ex * ex + ey * ey
                let radius = ra + (rb - ra) * t
                let outer = radius + 0.5
                if d2 >= outer * outer { continue }
                var coverage = 1.0
                let inner = radius - 0.5
                if inner < 0 || d2 > inner * inner {
                    coverage = outer - d2.squareRoot()
                    if coverage > 1 { coverage = 1 }
                }
                let value = Float(coverage * (oa + (ob - oa) * t))
                if value > row[x] { row[x] = value }
            }
        }
    }

    /// Draws an axis-aligned filled rectangle with anti-aliased edges (maximum coverage).
    func rectangle(x: Double, y: Double, width w: Double, height h: Double, opacity: Double) {
        let minX = max(0, Int(x.rounded(.down))), maxX = min(width - 1, Int((x + w).rounded(.up)))
        let minY = max(0, Int(y.rounded(.down))), maxY = min(height - 1, Int((y + h).rounded(.up)))
        guard minX <= maxX, minY <= maxY else { return }
        touch(minX, minY, maxX + 1, maxY + 1)
        for yy in minY...maxY {
            let cy = max(0, min(Double(yy + 1), y + h) - max(Double(yy), y))
            let row = data + yy * width
            for xx in minX...maxX {
                let cx = max(0, min(Double(xx + 1), x + w) - max(Double(xx), x))
                let value = Float(cx * cy * opacity)
                if value > row[xx] { row[xx] = value }
            }
        }
    }

    /// Folds `other` (same size) into this layer over `other`'s touched box as independent ink layers:
    /// c = 1 − (1 − c)(1 − o·g), where g is a per-pixel grain factor from `grain` (strength 0 … 1), then clears
    /// `other`.
    func absorb(_ other: CoverageLayer, grain: Double, seed: UInt64) {
        let box = other.dirty
        guard !box.isEmpty else { return }
        touch(box.x, box.y, box.x + box.width, box.y + box.height)
        let strength = Float(grain)
        for y in box.y..<(box.y + box.height) {
            let src = other.data + y * width, dst = data + y * width
            for x in box.x..<(box.x + box.width) {
                var o = src[x]
                if o <= 0 { continue }
                if strength > 0 {
                    let noise = Float(PixelNoise.uniform(x, y, seed))
                    // Grain shows most where the line is light: a thin line skips over the paper's fibres.
                    o *= 1 - strength * noise * (1.15 - o)
                    if o < 0 { o = 0 }
                }
                dst[x] = 1 - (1 - dst[x]) * (1 - o)
            }
        }
        other.clear()
    }

    /// The box of pixels whose coverage exceeds `threshold` (empty when none).
    func inkBox(threshold: Float) -> PixelBox {
        let box = dirty
        guard !box.isEmpty else { return box }
        var minX = Int.max, minY = Int.max, maxX = Int.min, maxY = Int.min
        for y in box.y..<(box.y + box.height) {
            let row = data + y * width
            for x in box.x..<(box.x + box.width) where row[x] > threshold {
                if x < minX { minX = x }
                if x > maxX { maxX = x }
                if y < minY { minY = y }
                if y > maxY { maxY = y }
            }
        }
        guard maxX >= minX else { return PixelBox(x: 0, y: 0, width: 0, height: 0) }
        return PixelBox(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
    }
}

/// Stateless per-pixel noise from a hash of (x, y, seed): the same pixel always gets the same value.
enum PixelNoise {
    /// Uniform in [0, 1).
    @inline(__always)
    static func uniform(_ x: Int, _ y: Int, _ seed: UInt64) -> Double {
        Double(bits(x, y, seed) >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// 64 well-mixed bits.
    @inline(__always)
    static func bits(_ x: Int, _ y: Int, _ seed: UInt64) -> UInt64 {
        var z = seed &+ UInt64(truncatingIfNeeded: x) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: y) &* 0xC2B2_AE3D_27D4_EB4F
        z = (z ^ (z >> 32)) &* 0xD6E8_FEB8_6659_FD93
        z = (z ^ (z >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return z ^ (z >> 32)
    }
}
