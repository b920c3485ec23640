import Foundation
import TwinEncoder
import Randomness

/// Random changes applied to each training image: small rotation, scale and shift, stroke-width change, noise.
/// All draws come from the caller's seeded generator, so an epoch is reproducible.
public struct Augmentation: Sendable, Equatable, Codable {
    /// Largest rotation either way, degrees.
    public var rotationDegrees: Double
    /// Largest relative scale change either way (0.1 = 90%…110%).
    public var scaleRange: Double
    /// Largest shift either way, pixels.
    public var shiftPixels: Double
    /// Probability of a stroke-width change (half thicker, half thinner).
    public var strokeProbability: Double
    /// Standard deviation of the added Gaussian noise, in [0, 1] units (applied to every image).
    public var noiseSigma: Double

    /// The default: ±5°, ±10%, ±8 px, stroke change on 40% of images, noise σ 0.02.
    public static let standard = Augmentation(rotationDegrees: 5, scaleRange: 0.1, shiftPixels: 8, strokeProbability: 0.4,
                                              noiseSigma: 0.02)
    /// No change at all.
    public static let none = Augmentation(rotationDegrees: 0, scaleRange: 0, shiftPixels: 0, strokeProbability: 0,
                                          noiseSigma: 0)

    /// Memberwise.
    public init(rotationDegrees: Double, scaleRange: Double, shiftPixels: Double, strokeProbability: Double,
                noiseSigma: Double) {
        self.rotationDegrees = rotationDegrees
        self.scaleRange = scaleRange
        self.shiftPixels = shiftPixels
        self.strokeProbability = strokeProbability
        self.noiseSigma = noiseSigma
    }

    /// Writes the augmented image (values in [0, 1], ink high) to `dst` (`height × width` floats).
    public func apply(_ image: [UInt8], height h: Int, width w: Int, rng: inout SplitMix64,
                      into dst: UnsafeMutablePointer<Float>) {
        var src = image
        let strokeDraw = Double(rng.nextUnit())
        if strokeDraw < strokeProbability {
            src = Self.morph(image, height: h, width: w, thicker: strokeDraw < strokeProbability / 2)
        }
        let angle = (Double(rng.nextUnit()) * 2 - 1) * rotationDegrees * .pi / 180
        let scale = 1 + (Double(rng.nextUnit()) * 2 - 1) * scaleRange
        let tx = (Double(rng.nextUnit()) * 2 - 1) * shiftPixels
        let ty = (Double(rng.nextUnit()) * 2 - 1) * shiftPixels
        // Inverse map: source = centre + R(−θ)·(p − centre − t)/s, bilinear; stepping x adds (c, −s) to the source.
        let (cx, cy) = (Float(w - 1) / 2, Float(h - 1) / 2)
        let (c, s) = (Float(cos(angle) / scale), Float(sin(angle) / scale))
        let (fx, fy) = (Float(tx), Float(ty))
        src.withUnsafeBufferPointer { sp in
            let p = sp.baseAddress.unsafelyUnwrapped
            for y in 0..<h {
                let dy = Float(y) - cy - fy
                var sx = cx + c * (-cx - fx) + s * dy, sy = cy - s * (-cx - fx) + c * dy
                let row = dst + y * w
                for x in 0..<w {
                    row[x] = Self.bilinear(p, w, h, sx, sy)
                    sx += c
                    sy -= s
                }
            }
        }
        if noiseSigma > 0 {
            // Irwin–Hall: the sum of four uniforms, centred and scaled to unit variance, is close enough to Gaussian
            // for pixel noise and costs no logarithm or cosine. The four uniforms are the four 16-bit quarters of one
            // draw (one generator step per pixel, not four: the noise was the largest single cost of a training step).
            let k = Float(noiseSigma * 3.0.squareRoot())
            for i in 0..<(h * w) {
                let r = rng.next()
                let sum = Float(r & 0xFFFF) + Float(r >> 16 & 0xFFFF) + Float(r >> 32 & 0xFFFF) + Float(r >> 48)
                let u = sum * (1 / 65536) - 2
                dst[i] = min(max(dst[i] + k * u, 0), 1)
            }
        }
    }

    /// Bilinear sample of an ink-high byte image at (x, y), 0 outside, scaled to [0, 1].
    @inline(__always)
    static func bilinear(_ p: UnsafePointer<UInt8>, _ w: Int, _ h: Int, _ x: Float, _ y: Float) -> Float {
        guard x > -1, y > -1, x < Float(w), y < Float(h) else { return 0 }
        let x0 = Int(x + 1) - 1, y0 = Int(y + 1) - 1  // floor for x > −1
        let ax = x - Float(x0), ay = y - Float(y0)
        if x0 >= 0, y0 >= 0, x0 + 1 < w, y0 + 1 < h {  // all four taps inside: no check per tap
            let q = p + (y0 * w + x0)
            let (a, b, c, d) = (Float(q[0]), Float(q[1]), Float(q[w]), Float(q[w + 1]))
            let top = a + (b - a) * ax, bottom = c + (d - c) * ax
            return (top + (bottom - top) * ay) * (1 / 255)
        }
        @inline(__always) func at(_ xx: Int, _ yy: Int) -> Float {
            (xx < 0 || yy < 0 || xx >= w || yy >= h) ? 0 : Float(p[yy * w + xx])
        }
        let top = at(x0, y0) + (at(x0 + 1, y0) - at(x0, y0)) * ax
        let bottom = at(x0, y0 + 1) + (at(x0 + 1, y0 + 1) - at(x0, y0 + 1)) * ax
        return (top + (bottom - top) * ay) * (1 / 255)
    }

    /// Grey dilation (thicker ink) or erosion (thinner ink) over the 4-neighbourhood (edges use the pixel itself).
    static func morph(_ img: [UInt8], height h: Int, width w: Int, thicker: Bool) -> [UInt8] {
        var out = img
        img.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<h {
                    for x in 0..<w {
                        let i = y * w + x
                        let c = src[i]
                        let l = x > 0 ? src[i - 1] : c, r = x + 1 < w ? src[i + 1] : c
                        let u = y > 0 ? src[i - w] : c, d = y + 1 < h ? src[i + w] : c
                        dst[i] = thicker ? max(max(max(c, l), max(r, u)), d) : min(min(min(c, l), min(r, u)), d)
                    }
                }
            }
        }
        return out
    }
}
