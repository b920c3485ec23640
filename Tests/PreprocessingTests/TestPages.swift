import Foundation
import Imaging
@testable import Preprocessing

/// SplitMix64: the tests' seeded generator.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func range(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }
}

/// A synthetic page built by a test: grey samples, the ink it drew, and where the signatures are.
struct TestPage {
    let width: Int, height: Int, dpi: Double
    var gray: [UInt8]
    var ink: [UInt8]            // 1 where something was drawn
    var signatures: [PixelBox] = []
    var rgb: [UInt8]? = nil

    init(width: Int, height: Int, dpi: Double, paper: UInt8 = 245) {
        self.width = width; self.height = height; self.dpi = dpi
        gray = [UInt8](repeating: paper, count: width * height)
        ink = [UInt8](repeating: 0, count: width * height)
    }

    /// Paints a disc of radius `r` at (x, y) with grey `value`.
    mutating func dot(_ x: Double, _ y: Double, r: Double, value: UInt8) {
        let reach = Int(r.rounded(.up))
        let cx = Int(x.rounded()), cy = Int(y.rounded())
        for dy in -reach...reach {
            for dx in -reach...reach where Double(dx * dx + dy * dy) <= r * r + 0.25 {
                let px = cx + dx, py = cy + dy
                guard px >= 0, py >= 0, px < width, py < height else { continue }
                let i = py * width + px
                gray[i] = min(gray[i], value)
                ink[i] = 1
            }
        }
    }

    /// A straight stroke from a to b.
    mutating func stroke(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, r: Double, value: UInt8) {
        let n = max(1, Int((hypot(x1 - x0, y1 - y0) * 2).rounded(.up)))
        for i in 0...n {
            let t = Double(i) / Double(n)
            dot(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, r: r, value: value)
        }
    }

    /// A filled rectangle.
    mutating func fill(_ box: PixelBox, value: UInt8) {
        for y in max(0, box.y)..<min(height, box.maxY) {
            for x in max(0, box.x)..<min(width, box.maxX) { gray[y * width + x] = value; ink[y * width + x] = 1 }
        }
    }

    /// Lines of machine-print-like text: glyphs of vertical and horizontal bars on a common baseline.
    mutating func printBlock(x: Int, y: Int, width w: Int, lines: Int, rng: inout SplitMix64, size: Double = 0.11) {
        let capH = size * dpi, bar = max(1.0, capH / 9)
        for line in 0..<lines {
            let baseline = Double(y) + Double(line) * capH * 2 + capH
            var cx = Double(x)
            while cx < Double(x + w) - capH {
                let letters = Int(rng.range(2, 9))
                for _ in 0..<letters {
                    let tall = rng.unit() < 0.35
                    let h = tall ? capH : capH * 0.68
                    let gw = capH * rng.range(0.45, 0.7)
                    let top = baseline - h
                    switch Int(rng.range(0, 4)) {
                    case 0: stroke(cx, top, cx, baseline, r: bar / 2, value: 30); stroke(cx + gw, top, cx + gw, baseline, r: bar / 2, value: 30)
                            stroke(cx, top + h / 2, cx + gw, top + h / 2, r: bar / 2, value: 30)
                    case 1: stroke(cx, top, cx, baseline, r: bar / 2, value: 30); stroke(cx, baseline, cx + gw, baseline, r: bar / 2, value: 30)
                    case 2: stroke(cx, top, cx + gw, top, r: bar / 2, value: 30); stroke(cx + gw / 2, top, cx + gw / 2, baseline, r: bar / 2, value: 30)
                    default: stroke(cx, top, cx, baseline, r: bar / 2, value: 30); stroke(cx, top, cx + gw, top, r: bar / 2, value: 30)
                             stroke(cx + gw, top, cx + gw, baseline, r: bar / 2, value: 30); stroke(cx, baseline, cx + gw, baseline, r: bar / 2, value: 30)
                    }
                    cx += gw + capH * 0.25
                    if cx > Double(x + w) - capH { break }
                }
                cx += capH * 0.7
            }
        }
    }

    /// A cursive-like scribble filling roughly `box`; returns the box of the ink drawn.
    @discardableResult
    mutating func scribble(in box: PixelBox, rng: inout SplitMix64, penRadius: Double = 2, value: UInt8 = 40) -> PixelBox {
        let steps = 1400
        let loops = rng.range(5, 9), phase = rng.range(0, 6.28), slant = rng.range(0.15, 0.4)
        let amp2 = rng.range(0.15, 0.35), f2 = rng.range(1.5, 3.5)
        var minX = Int.max, minY = Int.max, maxX = 0, maxY = 0
        var prev: (Double, Double)? = nil
        for i in 0...steps {
            let t = Double(i) / Double(steps)
            let env = 0.55 + 0.45 * sin(Double.pi * t)
            let yy = 0.5 + 0.42 * env * (sin(2 * Double.pi * loops * t + phase) * (1 - amp2) + amp2 * sin(2 * Double.pi * f2 * t))
            let xx = t * 0.9 + 0.05 + 0.035 * cos(2 * Double.pi * loops * t + phase) + slant * (0.5 - yy) * 0.25
            let px = Double(box.x) + xx * Double(box.width), py = Double(box.y) + yy * Double(box.height)
            if let prev { stroke(prev.0, prev.1, px, py, r: penRadius, value: value) }
            prev = (px, py)
            minX = min(minX, Int(px - penRadius)); maxX = max(maxX, Int(px + penRadius))
            minY = min(minY, Int(py - penRadius)); maxY = max(maxY, Int(py + penRadius))
        }
        // A flourish under the name.
        let fy = Double(box.y) + Double(box.height) * 0.92
        stroke(Double(box.x) + Double(box.width) * 0.1, fy, Double(box.x) + Double(box.width) * 0.8, fy - Double(box.height) * 0.12, r: penRadius, value: value)
        let drawn = PixelBox(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
            .union(PixelBox(x: box.x + box.width / 10 - Int(penRadius), y: Int(fy - Double(box.height) * 0.12 - penRadius),
                            width: Int(Double(box.width) * 0.7 + 2 * penRadius), height: Int(Double(box.height) * 0.12 + 2 * penRadius)))
        signatures.append(drawn)
        return drawn
    }

    /// Gaussian-ish sensor noise of amplitude `sigma` (sum of uniforms) and a linear illumination fall-off.
    mutating func scan(noise sigma: Double, rng: inout SplitMix64, darkenRight: Double = 0) {
        for y in 0..<height {
            for x in 0..<width {
                let i = y * width + x
                let n = (rng.unit() + rng.unit() + rng.unit() - 1.5) * 2 * sigma
                let shade = darkenRight * Double(x) / Double(width)
                gray[i] = UInt8(max(0, min(255, (Double(gray[i]) * (1 - shade) + n).rounded())))
            }
        }
    }

    /// The page as the decoders give it.
    var page: PageImage {
        PageImage(width: width, height: height, gray: gray, rgb: rgb, dpiX: dpi, dpiY: dpi,
                  source: SourceDescription(format: .png, compression: "none", bitsPerSample: 8, samplesPerPixel: 1, photometric: "min-is-black"))
    }

    /// A letter page at `dpi`: header, body paragraphs, a signature on a signature line, a typed name below.
    static func letter(seed: UInt64, dpi: Double = 200, signatures: Int = 1, widthInches: Double = 8.27, heightInches: Double = 11.69) -> TestPage {
        var rng = SplitMix64(seed: seed)
        let w = Int(widthInches * dpi), h = Int(heightInches * dpi)
        var page = TestPage(width: w, height: h, dpi: dpi)
        let margin = Int(dpi)
        page.printBlock(x: margin, y: Int(0.8 * dpi), width: w / 3, lines: 3, rng: &rng)
        page.printBlock(x: margin, y: Int(2.2 * dpi), width: w - 2 * margin, lines: 14, rng: &rng)
        page.printBlock(x: margin, y: Int(5.8 * dpi), width: w - 2 * margin, lines: 8, rng: &rng)
        for s in 0..<signatures {
            let sx = margin + s * Int(3.3 * dpi) + Int(rng.range(0, 0.4) * dpi)
            let sy = Int((8.1 + rng.range(0, 0.3)) * dpi)
            let box = PixelBox(x: sx, y: sy, width: Int(rng.range(1.8, 2.6) * dpi), height: Int(rng.range(0.5, 0.8) * dpi))
            page.scribble(in: box, rng: &rng, penRadius: dpi / 150)
            // The signature line crosses the bottom of the signature; the typed name sits under it.
            let lineY = Double(box.y) + Double(box.height) * 0.8
            page.stroke(Double(sx - 20), lineY, Double(sx) + 2.8 * dpi, lineY, r: max(1, dpi / 200), value: 20)
            page.printBlock(x: sx, y: Int(lineY + 0.12 * dpi), width: Int(1.6 * dpi), lines: 1, rng: &rng)
        }
        page.scan(noise: 5, rng: &rng)
        return page
    }
}

/// A fresh temporary folder for one test.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("preprocessing-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
